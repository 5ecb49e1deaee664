#include <openssl/evp.h>

#include <cstdio>

#include "spec/json_output.h"

namespace berth::spec {

nlohmann::json hashed_fields(const Service& service);  // json_output.cpp

std::string config_hash(const Service& service) {
  // nlohmann::json keeps object keys sorted, so the dump is canonical.
  std::string canonical = hashed_fields(service).dump();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(canonical.data(), canonical.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

}  // namespace berth::spec
