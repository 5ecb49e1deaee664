#include "util/libcrypto_api.h"

namespace berth {

namespace {
LibCrypto load_libcrypto() {
  // Soname 3 is OpenSSL 3, the one Debian 12's libssl-dev links.
  static const SharedLibrary library("libcrypto.so.3", "libssl3");
  LibCrypto api;
  BERTH_LIBCRYPTO_FUNCTIONS(BERTH_LIBRARY_RESOLVE)
  return api;
}
}  // namespace

const LibCrypto& libcrypto() {
  static const LibCrypto api = load_libcrypto();
  return api;
}

}  // namespace berth
