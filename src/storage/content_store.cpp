#include "storage/content_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "util/error.h"

namespace berth::storage {

namespace fs = std::filesystem;

BlobWriter::BlobWriter(fs::path blobs_dir, fs::path temp_path, UniqueFd fd)
    : blobs_dir_(std::move(blobs_dir)), temp_path_(std::move(temp_path)), fd_(std::move(fd)) {}

BlobWriter::BlobWriter(BlobWriter&& other) noexcept
    : blobs_dir_(std::move(other.blobs_dir_)),
      temp_path_(std::exchange(other.temp_path_, {})),
      fd_(std::move(other.fd_)),
      hasher_(std::move(other.hasher_)),
      digest_(std::move(other.digest_)),
      written_(other.written_) {}

BlobWriter::~BlobWriter() {
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

void BlobWriter::write(const void* data, std::size_t size) {
  if (!digest_.empty()) throw Error("writing to a finished blob", temp_path_.string());
  const char* bytes = static_cast<const char*>(data);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::write(fd_.get(), bytes + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("writing blob", temp_path_.string());
    }
    done += static_cast<std::size_t>(n);
  }
  hasher_.update(data, size);
  written_ += static_cast<std::int64_t>(size);
}

const std::string& BlobWriter::digest() {
  if (digest_.empty()) digest_ = oci_digest(hasher_);
  return digest_;
}

Descriptor BlobWriter::commit(const Descriptor& expected) {
  Descriptor actual{expected.media_type, digest(), written_};
  if (!expected.digest.empty() && expected.digest != actual.digest)
    throw Error("blob digest mismatch: expected " + expected.digest + ", got " + actual.digest);
  if (expected.size > 0 && expected.size != actual.size)
    throw Error("blob size mismatch for " + actual.digest + ": expected " +
                std::to_string(expected.size) + " bytes, got " + std::to_string(actual.size));
  if (::fsync(fd_.get()) != 0) throw_errno("syncing blob", temp_path_.string());
  fd_.reset();
  auto final_path = blobs_dir_ / digest_hex(actual.digest);
  if (::rename(temp_path_.c_str(), final_path.c_str()) != 0)
    throw_errno("storing blob", final_path.string());
  temp_path_.clear();
  return actual;
}

ContentStore::ContentStore(const fs::path& state_root)
    : blobs_dir_(state_root / "blobs" / "sha256") {
  fs::create_directories(blobs_dir_);
}

BlobWriter ContentStore::writer() {
  std::string name = (blobs_dir_ / ".tmp-XXXXXX").string();
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) throw_errno("creating temp blob in", blobs_dir_.string());
  return BlobWriter(blobs_dir_, name, UniqueFd(fd));
}

Descriptor ContentStore::put(std::string_view bytes, const std::string& media_type) {
  auto blob = writer();
  blob.write(bytes);
  return blob.commit({media_type, {}, 0});
}

Descriptor ContentStore::put_file(const fs::path& source, const Descriptor& expected) {
  UniqueFd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in) throw_errno("opening", source.string());
  auto blob = writer();
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(in.get(), buffer, sizeof buffer);
    if (n < 0) throw_errno("reading", source.string());
    if (n == 0) break;
    blob.write(buffer, static_cast<std::size_t>(n));
  }
  try {
    return blob.commit(expected);
  } catch (const Error& e) {
    throw e.with_context(source.string());
  }
}

fs::path ContentStore::path_of(std::string_view digest) const {
  return blobs_dir_ / digest_hex(digest);
}

bool ContentStore::contains(std::string_view digest) const { return fs::exists(path_of(digest)); }

std::string ContentStore::read_verified(const Descriptor& descriptor) const {
  auto path = path_of(descriptor.digest);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("blob not in the content store", descriptor.digest);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::string content = std::move(bytes).str();
  if (descriptor.size > 0 && static_cast<std::int64_t>(content.size()) != descriptor.size)
    throw Error("stored blob has the wrong size", descriptor.digest);
  if (sha256_digest(content) != descriptor.digest)
    throw Error("stored blob is corrupt (digest mismatch)", descriptor.digest);
  return content;
}

void ContentStore::remove(std::string_view digest) {
  std::error_code ec;
  fs::remove(path_of(digest), ec);
  if (ec) throw Error("removing blob", std::string(digest), ec.value());
}

}  // namespace berth::storage
