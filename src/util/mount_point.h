#pragma once

#include <filesystem>

namespace berth {

// Whether something is mounted on `path` in the caller's mount namespace
// (per /proc/self/mountinfo).
bool is_mount_point(const std::filesystem::path& path);

}  // namespace berth
