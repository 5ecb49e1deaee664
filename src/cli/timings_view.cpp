#include "cli/timings_view.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace berth::cli {

bool timings_requested(bool flag) {
  const char* variable = std::getenv("BERTH_TIMINGS");
  return flag || (variable && std::string(variable) != "0" && *variable);
}

void print_timings(const std::vector<engine::PhaseTimings::Phase>& phases) {
  double total_ms = 0;
  for (const auto& phase : phases) {
    double ms = static_cast<double>(phase.duration.count()) / 1000.0;
    total_ms += ms;
    std::fprintf(stderr, "timing  %-12s %9.2f ms\n", phase.name.c_str(), ms);
  }
  std::fprintf(stderr, "timing  %-12s %9.2f ms\n", "total", total_ms);
}

}  // namespace berth::cli
