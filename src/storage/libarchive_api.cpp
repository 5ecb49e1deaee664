#include "storage/libarchive_api.h"

namespace berth::storage {

namespace {
// libarchive 3's soname: the one Debian's libarchive-dev links against.
static_assert(ARCHIVE_VERSION_NUMBER >= 3000000 && ARCHIVE_VERSION_NUMBER < 4000000);

LibArchive load_libarchive() {
  static const SharedLibrary library("libarchive.so.13", "libarchive13");
  LibArchive api;
  BERTH_LIBARCHIVE_FUNCTIONS(BERTH_LIBRARY_RESOLVE)
  return api;
}
}  // namespace

const LibArchive& libarchive() {
  static const LibArchive api = load_libarchive();
  return api;
}

}  // namespace berth::storage
