#pragma once

#include <filesystem>
#include <string>

namespace berth::testing {

// The whole content of `path`, byte for byte ("" when it cannot be read).
std::string read_file(const std::filesystem::path& path);

}  // namespace berth::testing
