#pragma once

#include <signal.h>

#include <chrono>

namespace berth::cli {

// Holds SIGINT and SIGTERM blocked while it lives so a verb can take them as
// events (Ctrl-C stops the stack) instead of dying; restores the mask after.
class SignalWatch {
 public:
  SignalWatch();
  ~SignalWatch();
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

  // Waits up to `timeout` for SIGINT or SIGTERM; returns it, or 0 when none came.
  int wait(std::chrono::milliseconds timeout);

 private:
  sigset_t watched_{};
  sigset_t previous_{};
};

}  // namespace berth::cli
