#include "cli/size_units.h"

#include <cstdio>

namespace berth::cli {

namespace {
std::string scaled(double value, double base, const char* const* units, int last, int precision) {
  int unit = 0;
  while (value >= base && unit < last) {
    value /= base;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.*g%s", precision, value, units[unit]);
  return text;
}
}  // namespace

std::string decimal_size(std::uint64_t bytes, int precision) {
  static const char* const units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  return scaled(static_cast<double>(bytes), 1000, units, 5, precision);
}

std::string binary_size(std::uint64_t bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  return scaled(static_cast<double>(bytes), 1024, units, 5, 4);
}

}  // namespace berth::cli
