#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "storage/descriptor.h"
#include "storage/sha256.h"
#include "util/unique_fd.h"

namespace berth::storage {

class ContentStore;

// Streams one blob into the store. Bytes go to a private temp file; commit()
// checks digest and size, fsyncs and renames it into place, so a reader never
// sees a partial blob and two writers of the same blob cannot corrupt each other.
// A writer destroyed before commit() removes its temp file.
class BlobWriter {
 public:
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;
  BlobWriter(BlobWriter&&) noexcept;
  BlobWriter& operator=(BlobWriter&&) = delete;
  ~BlobWriter();

  void write(const void* data, std::size_t size);
  void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
  std::int64_t written() const { return written_; }
  // The digest of everything written; no more writes are accepted afterwards.
  const std::string& digest();
  // Verifies against expected (digest, size when > 0) if given; returns the blob's descriptor.
  Descriptor commit(const Descriptor& expected = {});

 private:
  friend class ContentStore;
  BlobWriter(std::filesystem::path blobs_dir, std::filesystem::path temp_path, UniqueFd fd);

  std::filesystem::path blobs_dir_;
  std::filesystem::path temp_path_;
  UniqueFd fd_;
  Sha256 hasher_;
  std::string digest_;
  std::int64_t written_ = 0;
};

// Blobs addressed by sha256 under <state root>/blobs/sha256/<hex>.
class ContentStore {
 public:
  explicit ContentStore(const std::filesystem::path& state_root);

  BlobWriter writer();
  Descriptor put(std::string_view bytes, const std::string& media_type);
  Descriptor put_file(const std::filesystem::path& source, const Descriptor& expected = {});

  bool contains(std::string_view digest) const;
  std::filesystem::path path_of(std::string_view digest) const;
  // Reads a blob after checking its size and digest; throws on mismatch.
  std::string read_verified(const Descriptor& descriptor) const;
  void remove(std::string_view digest);

 private:
  std::filesystem::path blobs_dir_;
};

}  // namespace berth::storage
