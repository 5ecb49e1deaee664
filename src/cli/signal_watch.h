#pragma once

#include <signal.h>

#include <chrono>

#include "util/file_watch.h"
#include "util/unique_fd.h"

namespace berth::cli {

// Holds SIGINT and SIGTERM blocked while it lives so a verb can take them as
// events (Ctrl-C stops the stack) instead of dying; restores the mask after.
class SignalWatch {
 public:
  SignalWatch();
  ~SignalWatch();
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

  // Waits up to `timeout` for SIGINT or SIGTERM; returns it, or 0 when none
  // came. With `changes`, also returns (0) as soon as a watched file changed.
  int wait(std::chrono::milliseconds timeout, FileWatch* changes = nullptr);

 private:
  sigset_t watched_{};
  sigset_t previous_{};
  UniqueFd signal_fd_;
};

}  // namespace berth::cli
