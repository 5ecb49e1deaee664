#pragma once

// libcrypto, loaded on first use (see util/shared_library.h): hashing (config
// hashes, content digests) and base64 need it, most commands neither, and
// linking it cost every start of berth ~3 ms. Calls go through
// libcrypto().EVP_...(); the header gives the types, nothing links it.
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "util/shared_library.h"

namespace berth {

#define BERTH_LIBCRYPTO_FUNCTIONS(X) \
  X(EVP_DecodeBlock)                 \
  X(EVP_DigestFinal_ex)              \
  X(EVP_DigestInit_ex)               \
  X(EVP_DigestUpdate)                \
  X(EVP_EncodeBlock)                 \
  X(EVP_MD_CTX_free)                 \
  X(EVP_MD_CTX_new)                  \
  X(EVP_sha256)                      \
  X(OPENSSL_init_crypto)

struct LibCrypto {
  BERTH_LIBCRYPTO_FUNCTIONS(BERTH_LIBRARY_MEMBER)
};

// Loads the library on the first call; throws Error when it is not installed.
const LibCrypto& libcrypto();

}  // namespace berth
