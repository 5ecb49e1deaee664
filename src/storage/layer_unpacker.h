#pragma once

#include <filesystem>
#include <string>

namespace berth::storage {

// What an unpacked blob really was: the digest of its bytes as stored and the
// diff_id (digest of the uncompressed tar), both measured while unpacking.
struct UnpackDigests {
  std::string blob_digest;
  std::string diff_id;
  std::int64_t blob_size = 0;
};

// Unpacks a layer blob (tar, tar+gzip, tar+zstd: detected from its bytes) into
// target_dir, which must exist. Nothing is written outside target_dir. The caller
// compares the returned digests with what the image claims before using the dir.
UnpackDigests unpack_layer(const std::filesystem::path& blob,
                           const std::filesystem::path& target_dir);

}  // namespace berth::storage
