#include "storage/overlay_probe.h"

#include <sys/mount.h>

#include <fstream>
#include <string>

#include "util/log.h"

namespace berth::storage {

namespace {
bool listed_in_proc_filesystems() {
  std::ifstream in("/proc/filesystems");
  std::string line;
  while (std::getline(in, line))
    if (line.ends_with("\toverlay")) return true;
  return false;
}

// A read-only overlay of two empty lower dirs: needs no upper and touches nothing.
bool trial_mount(const std::filesystem::path& scratch_dir) {
  std::error_code ec;
  auto base = scratch_dir / "overlay-probe";
  std::filesystem::create_directories(base / "a", ec);
  std::filesystem::create_directories(base / "b", ec);
  std::filesystem::create_directories(base / "m", ec);
  if (ec) return false;
  std::string options = "lowerdir=" + (base / "a").string() + ":" + (base / "b").string();
  bool mounted =
      ::mount("overlay", (base / "m").c_str(), "overlay", MS_RDONLY, options.c_str()) == 0;
  if (mounted) ::umount2((base / "m").c_str(), MNT_DETACH);
  std::filesystem::remove_all(base, ec);
  return mounted;
}
}  // namespace

bool overlay_supported(const std::filesystem::path& scratch_dir) {
  if (listed_in_proc_filesystems()) return true;
  log::debug("overlay not listed in /proc/filesystems; trying a mount");
  return trial_mount(scratch_dir);
}

}  // namespace berth::storage
