#pragma once

#include <chrono>
#include <filesystem>

#include "util/unique_fd.h"

namespace berth {

// Wakes a follower (logs -f, attach, attached up) the moment a file in one of
// the watched directories is written, created or renamed into place, instead
// of it sleeping between looks. inotify, owned and closed with the object.
class FileWatch {
 public:
  FileWatch();

  // A directory that does not exist (yet) is skipped: its files are still read
  // by the follower's own polling, only without the early wake-up.
  void watch_directory(const std::filesystem::path& directory);
  // Returns true soon after something changed, false after `timeout` without a
  // change. "Soon": a burst of writes (a chatty container) is taken as one
  // change of up to kCoalesce, so a follower wakes at most ~100 times a second.
  bool wait(std::chrono::milliseconds timeout);
  static constexpr std::chrono::milliseconds kCoalesce{10};
  // For a poll() of its own: readable when something changed; drain() after.
  int fd() const { return fd_.get(); }
  void drain();

 private:
  UniqueFd fd_;
};

}  // namespace berth
