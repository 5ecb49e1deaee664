#include "storage/sha256.h"

#include <fcntl.h>

#include "storage/image_reference.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::storage {

std::string oci_digest(Sha256& hasher) { return "sha256:" + hasher.hex(); }

std::string sha256_digest(std::string_view bytes) { return "sha256:" + sha256_hex(bytes); }

std::string sha256_of_file(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw_errno("opening", path.string());
  Sha256 hasher;
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) throw_errno("reading", path.string());
    if (n == 0) break;
    hasher.update(buffer, static_cast<std::size_t>(n));
  }
  return oci_digest(hasher);
}

std::string digest_hex(std::string_view digest) {
  if (!is_sha256_digest(digest))
    throw Error("not a sha256 digest (sha256:<64 hex>)", std::string(digest));
  return std::string(digest.substr(7));
}

}  // namespace berth::storage
