#pragma once

// libcurl, loaded on first use (see util/shared_library.h): only talking to a
// registry needs it. Calls go through libcurl().curl_...(); the header gives
// the types, nothing links it.
#include <curl/curl.h>

#include "util/shared_library.h"

namespace berth::storage {

#define BERTH_LIBCURL_FUNCTIONS(X) \
  X(curl_easy_cleanup)             \
  X(curl_easy_getinfo)             \
  X(curl_easy_init)                \
  X(curl_easy_perform)             \
  X(curl_easy_reset)               \
  X(curl_easy_setopt)              \
  X(curl_easy_strerror)            \
  X(curl_global_init)              \
  X(curl_slist_append)             \
  X(curl_slist_free_all)

struct LibCurl {
  BERTH_LIBCURL_FUNCTIONS(BERTH_LIBRARY_MEMBER)
};

// Loads the library and runs curl_global_init on the first call; throws Error
// when it is not installed.
const LibCurl& libcurl();

}  // namespace berth::storage
