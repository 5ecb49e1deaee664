#pragma once

#include <filesystem>

#include "util/unique_fd.h"

namespace berth {

// An exclusive advisory lock (flock) on a lock file, held for the object's
// lifetime. The kernel drops it if the holder dies, so a crash never wedges it.
class FileLock {
 public:
  // Blocks until the lock is held; creates the file and its directory.
  explicit FileLock(const std::filesystem::path& path);
  // Returns an unheld lock (valid() false) instead of blocking.
  static FileLock try_acquire(const std::filesystem::path& path);

  bool held() const { return fd_.valid(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  FileLock(const std::filesystem::path& path, bool blocking);

  std::filesystem::path path_;
  UniqueFd fd_;
};

}  // namespace berth
