#pragma once

#include <filesystem>

namespace berth {

// Whether something is mounted on `path` in the caller's mount namespace: a
// statx of the path, where reading /proc/self/mountinfo grows with every mount
// of every container.
bool is_mount_point(const std::filesystem::path& path);

}  // namespace berth
