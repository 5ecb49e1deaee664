#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "runtime/event_log.h"
#include "util/unique_fd.h"

namespace berth::engine {

// Reads the events appended to the state root's event log after it was made,
// following the log when it is moved aside and started anew.
class EventFollower {
 public:
  explicit EventFollower(std::filesystem::path path);

  // The events appended since the last call (none when the log does not exist yet).
  std::vector<runtime::ContainerEvent> read();

 private:
  void drain(std::vector<runtime::ContainerEvent>& out);
  bool reopen_if_replaced();

  std::filesystem::path path_;
  UniqueFd fd_;
  ino_t inode_ = 0;
  std::string partial_;
};

}  // namespace berth::engine
