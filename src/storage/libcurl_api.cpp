#include "storage/libcurl_api.h"

namespace berth::storage {

namespace {
LibCurl load_libcurl() {
  // Soname 4 is every libcurl since 7.16, the one Debian's libcurl4-openssl-dev links.
  static const SharedLibrary library("libcurl.so.4", "libcurl4");
  LibCurl api;
  BERTH_LIBCURL_FUNCTIONS(BERTH_LIBRARY_RESOLVE)
  api.curl_global_init(CURL_GLOBAL_DEFAULT);
  return api;
}
}  // namespace

const LibCurl& libcurl() {
  static const LibCurl api = load_libcurl();
  return api;
}

}  // namespace berth::storage
