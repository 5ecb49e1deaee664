#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/unique_fd.h"

namespace berth::storage {

// Lexically cleans an archive entry name as if it were rooted at "/": empty and
// "." components vanish, ".." never climbs above the root, a leading "/" means
// nothing. Returns the components; empty means the root itself.
std::vector<std::string> clean_entry_path(std::string_view name);
std::string join_components(const std::vector<std::string>& components, std::size_t count);

// openat2 with RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS: every symlink and ".."
// met on the way is resolved as if root_fd were "/", so the result never lies
// outside it. Returns an invalid fd with errno set on failure.
UniqueFd open_in_root(int root_fd, const std::string& relative, int flags);

// Opens (O_PATH) the directory at components inside root, creating missing
// directories (0755, root-owned) on the way, each resolved inside the root.
UniqueFd open_or_create_dir_in_root(int root_fd, const std::vector<std::string>& components);

// Removes name under dir_fd whatever it is, recursing into directories without
// ever following a symlink. A missing name is not an error.
void remove_tree_at(int dir_fd, const std::string& name);

}  // namespace berth::storage
