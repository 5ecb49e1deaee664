#include "runtime/cgroup_stat_files.h"

#include <cstdlib>
#include <sstream>

namespace berth::runtime {

BlockIoBytes parse_blkio_service_bytes(const std::string& text) {
  BlockIoBytes total;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string device, operation;
    std::uint64_t bytes = 0;
    if (!(fields >> device >> operation >> bytes)) continue;
    if (operation == "Read") total.read += bytes;
    if (operation == "Write") total.write += bytes;
  }
  return total;
}

BlockIoBytes parse_io_stat(const std::string& text) {
  BlockIoBytes total;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string device, field;
    fields >> device;
    while (fields >> field) {
      auto equals = field.find('=');
      if (equals == std::string::npos) continue;
      auto key = field.substr(0, equals);
      auto value = std::strtoull(field.c_str() + equals + 1, nullptr, 10);
      if (key == "rbytes") total.read += value;
      if (key == "wbytes") total.write += value;
    }
  }
  return total;
}

}  // namespace berth::runtime
