#include "util/random_id.h"

#include <sys/random.h>

#include <cstdio>

#include "util/error.h"

namespace berth {

std::string random_id() {
  unsigned char bytes[32];
  if (::getrandom(bytes, sizeof bytes, 0) != sizeof bytes) throw_errno("cannot read random bytes");
  std::string id;
  char digits[3];
  for (unsigned char byte : bytes) {
    std::snprintf(digits, sizeof digits, "%02x", byte);
    id += digits;
  }
  return id;
}

}  // namespace berth
