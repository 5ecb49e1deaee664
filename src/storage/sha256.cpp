#include "storage/sha256.h"

#include <fcntl.h>

#include "storage/image_reference.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::storage {

Sha256::Sha256() : context_(libcrypto().EVP_MD_CTX_new()) {
  if (!context_ ||
      libcrypto().EVP_DigestInit_ex(context_.get(), libcrypto().EVP_sha256(), nullptr) != 1)
    throw Error("initialising sha256");
}

void Sha256::update(const void* data, std::size_t size) {
  if (libcrypto().EVP_DigestUpdate(context_.get(), data, size) != 1)
    throw Error("hashing with sha256");
}

std::string Sha256::digest() {
  unsigned char raw[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (libcrypto().EVP_DigestFinal_ex(context_.get(), raw, &length) != 1)
    throw Error("finishing sha256");
  static const char* hex = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[raw[i] >> 4];
    out += hex[raw[i] & 0xf];
  }
  return out;
}

std::string sha256_digest(std::string_view bytes) {
  Sha256 hasher;
  hasher.update(bytes);
  return hasher.digest();
}

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
  return hasher.digest();
}

std::string digest_hex(std::string_view digest) {
  if (!is_sha256_digest(digest))
    throw Error("not a sha256 digest (sha256:<64 hex>)", std::string(digest));
  return std::string(digest.substr(7));
}

}  // namespace berth::storage
