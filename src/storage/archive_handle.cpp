#include "storage/archive_handle.h"

#include "util/error.h"

namespace berth::storage {

void throw_archive_error(archive* handle, const std::string& what, const std::string& name) {
  const char* message = libarchive().archive_error_string(handle);
  throw Error(what + ": " + (message ? message : "unknown libarchive error"), name);
}

}  // namespace berth::storage
