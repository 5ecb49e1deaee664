#include "engine/event_follower.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::engine {

namespace {
ino_t inode_of(const std::filesystem::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? info.st_ino : 0;
}
}  // namespace

EventFollower::EventFollower(std::filesystem::path path) : path_(std::move(path)) {
  fd_.reset(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd_) return;
  ::lseek(fd_.get(), 0, SEEK_END);  // only what happens from now on
  inode_ = inode_of(path_);
}

void EventFollower::drain(std::vector<runtime::ContainerEvent>& out) {
  char buffer[65536];
  for (ssize_t n; (n = ::read(fd_.get(), buffer, sizeof buffer)) > 0;) {
    partial_.append(buffer, static_cast<size_t>(n));
    for (size_t newline; (newline = partial_.find('\n')) != std::string::npos;) {
      if (auto event = runtime::parse_event_line(partial_.substr(0, newline)))
        out.push_back(std::move(*event));
      partial_.erase(0, newline + 1);
    }
  }
}

// A log moved aside is read to its end first; the new one from its start.
bool EventFollower::reopen_if_replaced() {
  auto current = inode_of(path_);
  if (current == 0 || current == inode_) return false;
  UniqueFd fresh(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fresh) return false;
  fd_ = std::move(fresh);
  inode_ = current;
  partial_.clear();
  return true;
}

std::vector<runtime::ContainerEvent> EventFollower::read() {
  std::vector<runtime::ContainerEvent> events;
  if (fd_) drain(events);
  if (reopen_if_replaced()) drain(events);
  return events;
}

}  // namespace berth::engine
