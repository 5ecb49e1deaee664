#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "util/sha256.h"

namespace berth::storage {

// SHA-256 as OCI writes a digest: "sha256:<64 hex>".
std::string oci_digest(Sha256& hasher);  // the hasher cannot be updated afterwards
std::string sha256_digest(std::string_view bytes);
std::string sha256_of_file(const std::filesystem::path& path);

// The hex part of "sha256:<hex>", validated; throws berth::Error otherwise.
std::string digest_hex(std::string_view digest);

}  // namespace berth::storage
