#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "util/libcrypto_api.h"

namespace berth::storage {

// An incremental SHA-256 (OpenSSL EVP) whose result reads as an OCI digest.
class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  // "sha256:<64 hex>"; the hasher cannot be updated afterwards.
  std::string digest();

 private:
  struct FreeContext {
    void operator()(EVP_MD_CTX* context) const { libcrypto().EVP_MD_CTX_free(context); }
  };
  std::unique_ptr<EVP_MD_CTX, FreeContext> context_;
};

std::string sha256_digest(std::string_view bytes);
std::string sha256_of_file(const std::filesystem::path& path);

// The hex part of "sha256:<hex>", validated; throws berth::Error otherwise.
std::string digest_hex(std::string_view digest);

}  // namespace berth::storage
