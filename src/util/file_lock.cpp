#include "util/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

#include "util/error.h"

namespace berth {

FileLock::FileLock(const std::filesystem::path& path) : FileLock(path, true) {}

FileLock FileLock::try_acquire(const std::filesystem::path& path) { return FileLock(path, false); }

FileLock::FileLock(const std::filesystem::path& path, bool blocking) : path_(path) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw Error("creating lock directory", path.parent_path().string(), ec.value());
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) throw_errno("opening lock file", path.string());
  int rc;
  do {
    rc = ::flock(fd.get(), LOCK_EX | (blocking ? 0 : LOCK_NB));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    if (!blocking && errno == EWOULDBLOCK) return;
    throw_errno("locking", path.string());
  }
  fd_ = std::move(fd);
}

}  // namespace berth
