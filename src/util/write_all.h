#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstddef>

namespace berth {

// Writes every byte, going on after short writes and interruptions; false
// when the descriptor takes no more (closed reader, error).
inline bool write_all(int fd, const void* data, size_t length) {
  auto* bytes = static_cast<const char*>(data);
  while (length > 0) {
    ssize_t written = ::write(fd, bytes, length);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    bytes += written;
    length -= static_cast<size_t>(written);
  }
  return true;
}

}  // namespace berth
