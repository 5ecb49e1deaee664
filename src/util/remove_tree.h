#pragma once

#include <filesystem>

namespace berth {

// Removes a directory tree that another process may still be emptying (a
// supervisor deletes its pid file as it exits): an entry that vanishes while
// the tree is walked is not an error. Throws Error naming the tree otherwise.
void remove_tree(const std::filesystem::path& tree);

}  // namespace berth
