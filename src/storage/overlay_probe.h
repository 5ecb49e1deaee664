#pragma once

#include <filesystem>

namespace berth::storage {

// True when the kernel offers overlayfs (listed in /proc/filesystems, loaded on
// demand otherwise: a test mount in scratch_dir settles it).
bool overlay_supported(const std::filesystem::path& scratch_dir);

}  // namespace berth::storage
