#include "util/mount_point.h"

#include <fstream>
#include <string>

namespace berth {

bool is_mount_point(const std::filesystem::path& path) {
  std::ifstream mountinfo("/proc/self/mountinfo");
  std::string line, field = " " + path.string() + " ";
  while (std::getline(mountinfo, line))
    if (line.find(field) != std::string::npos) return true;
  return false;
}

}  // namespace berth
