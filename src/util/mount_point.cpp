#include "util/mount_point.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

namespace berth {

namespace {
// Older kernels (before 5.8) do not say whether a path is a mount's root.
bool listed_in_mountinfo(const std::filesystem::path& path) {
  std::ifstream mountinfo("/proc/self/mountinfo");
  std::string line, field = " " + path.string() + " ";
  while (std::getline(mountinfo, line))
    if (line.find(field) != std::string::npos) return true;
  return false;
}
}  // namespace

bool is_mount_point(const std::filesystem::path& path) {
  struct statx attributes {};
  if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_BASIC_STATS,
              &attributes) != 0)
    return false;
  if (!(attributes.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)) return listed_in_mountinfo(path);
  return attributes.stx_attributes & STATX_ATTR_MOUNT_ROOT;
}

}  // namespace berth
