#include "util/remove_tree.h"

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "util/error.h"

namespace berth {

namespace {
namespace fs = std::filesystem;

void fail_unless_gone(const std::error_code& error, const fs::path& path) {
  if (error && error.value() != ENOENT) throw_errno(error.value(), "cannot remove", path.string());
}
}  // namespace

// std::filesystem::remove_all gives up when an entry it listed is gone by the
// time it deletes it; here a vanished entry simply counts as removed.
void remove_tree(const fs::path& tree) {
  std::error_code error;
  auto status = fs::symlink_status(tree, error);
  fail_unless_gone(error, tree);
  if (error) return;
  if (fs::is_directory(status)) {
    fs::directory_iterator entries(tree, error);
    for (; !error && entries != fs::directory_iterator(); entries.increment(error))
      remove_tree(entries->path());
    fail_unless_gone(error, tree);
  }
  if (std::remove(tree.c_str()) != 0 && errno != ENOENT)
    throw_errno("cannot remove", tree.string());
}

}  // namespace berth
