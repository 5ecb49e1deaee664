#include "util/file_watch.h"

#include <poll.h>
#include <sys/inotify.h>

#include <cerrno>
#include <thread>

#include "util/error.h"

namespace berth {

FileWatch::FileWatch() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (!fd_) throw_errno("cannot create an inotify instance");
}

void FileWatch::watch_directory(const std::filesystem::path& directory) {
  constexpr uint32_t kChanges = IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE;
  if (::inotify_add_watch(fd_.get(), directory.c_str(), kChanges) < 0 && errno != ENOENT)
    throw_errno("cannot watch", directory.string());
}

bool FileWatch::wait(std::chrono::milliseconds timeout) {
  pollfd changed{fd_.get(), POLLIN, 0};
  int ready = ::poll(&changed, 1, static_cast<int>(timeout.count()));
  if (ready < 0 && errno != EINTR) throw_errno("cannot wait for file changes");
  if (ready > 0) std::this_thread::sleep_for(kCoalesce);
  drain();
  return ready > 0;
}

void FileWatch::drain() {
  alignas(inotify_event) char buffer[4096];
  while (::read(fd_.get(), buffer, sizeof(buffer)) > 0) {
  }
}

}  // namespace berth
