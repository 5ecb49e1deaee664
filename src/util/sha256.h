#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "util/libcrypto_api.h"

namespace berth {

// An incremental SHA-256 (libcrypto's EVP, opened on first use).
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  // The 64 lowercase hex digits; the hasher cannot be updated afterwards.
  std::string hex();

 private:
  struct FreeContext {
    void operator()(EVP_MD_CTX* context) const { libcrypto().EVP_MD_CTX_free(context); }
  };
  std::unique_ptr<EVP_MD_CTX, FreeContext> context_;
};

// The SHA-256 of a text in memory (a service's config, a manifest), built in:
// it runs on every `up`, where opening libcrypto cost more (~3 ms, 140 page
// faults) than hashing a few kilobytes. Streams (layers) use Sha256 above.
std::string sha256_hex(std::string_view bytes);

}  // namespace berth
