#include "util/sha256.h"

#include "util/error.h"

namespace berth {

Sha256::Sha256() : context_(libcrypto().EVP_MD_CTX_new()) {
  if (!context_ ||
      libcrypto().EVP_DigestInit_ex(context_.get(), libcrypto().EVP_sha256(), nullptr) != 1)
    throw Error("initialising sha256");
}

void Sha256::update(const void* data, std::size_t size) {
  if (libcrypto().EVP_DigestUpdate(context_.get(), data, size) != 1)
    throw Error("hashing with sha256");
}

std::string Sha256::hex() {
  unsigned char raw[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (libcrypto().EVP_DigestFinal_ex(context_.get(), raw, &length) != 1)
    throw Error("finishing sha256");
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += digits[raw[i] >> 4];
    out += digits[raw[i] & 0xf];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 hasher;
  hasher.update(bytes);
  return hasher.hex();
}

}  // namespace berth
