#pragma once

namespace berth::storage {

// Copies the contents of one open directory into another, keeping types,
// owners, modes and timestamps; symlinks are copied as links and never
// followed, so a hostile tree cannot pull host files in.
void copy_tree(int source_dir_fd, int target_dir_fd);

}  // namespace berth::storage
