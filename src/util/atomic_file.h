#pragma once

#include <string>

namespace berth {

// Replaces `path` with `content` so readers see the old or the new file, never half.
void write_file_atomically(const std::string& path, const std::string& content);

std::string read_file(const std::string& path);

}  // namespace berth
