#pragma once

#include <string>

namespace berth::runtime {

// Joins `path` under `root` resolving every symlink as if `root` were "/", so a
// link in the image (e.g. /etc -> /host-etc or ../../..) can never lead outside it.
// Components that do not exist yet are appended as they are.
std::string secure_join(const std::string& root, const std::string& path);

// Creates `path` (and its parents) inside `root` as a directory, or as an empty file
// when `as_file`; returns its resolved host path.
std::string create_inside(const std::string& root, const std::string& path, bool as_file);

}  // namespace berth::runtime
