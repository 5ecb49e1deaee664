#include "util/libcrypto_api.h"

#include <cstdint>

#include "util/error.h"

namespace berth {

namespace {
LibCrypto load_libcrypto() {
  // Soname 3 is OpenSSL 3, the one Debian 12's libssl-dev links.
  static const SharedLibrary library("libcrypto.so.3", "libssl3");
  LibCrypto api;
  BERTH_LIBCRYPTO_FUNCTIONS(BERTH_LIBRARY_RESOLVE)
  // Digests and base64 need none of openssl.cnf or the table of every cipher
  // and digest name, whose set-up cost the first digest ~1.3 ms of each run.
  constexpr std::uint64_t kBareInit = OPENSSL_INIT_NO_LOAD_CONFIG |
                                      OPENSSL_INIT_NO_ADD_ALL_CIPHERS |
                                      OPENSSL_INIT_NO_ADD_ALL_DIGESTS | OPENSSL_INIT_NO_ATEXIT;
  if (api.OPENSSL_init_crypto(kBareInit, nullptr) != 1)
    throw Error("cannot initialise libcrypto (libcrypto.so.3)");
  return api;
}
}  // namespace

const LibCrypto& libcrypto() {
  static const LibCrypto api = load_libcrypto();
  return api;
}

}  // namespace berth
