#pragma once

#include <filesystem>
#include <string>

namespace berth::storage {

// The OCI layer media type of a tar blob (plain, gzip or zstd), read from its
// first bytes rather than trusted from a file name.
std::string layer_media_type(const std::filesystem::path& blob);

}  // namespace berth::storage
