#include "cli/signal_watch.h"

#include <pthread.h>

#include <cerrno>

#include "util/error.h"

namespace berth::cli {

SignalWatch::SignalWatch() {
  sigemptyset(&watched_);
  sigaddset(&watched_, SIGINT);
  sigaddset(&watched_, SIGTERM);
  if (int error = ::pthread_sigmask(SIG_BLOCK, &watched_, &previous_); error != 0)
    throw_errno(error, "cannot block SIGINT and SIGTERM");
}

SignalWatch::~SignalWatch() { ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

int SignalWatch::wait(std::chrono::milliseconds timeout) {
  timespec wait_for{static_cast<time_t>(timeout.count() / 1000),
                    static_cast<long>(timeout.count() % 1000) * 1000000L};
  int signal = ::sigtimedwait(&watched_, nullptr, &wait_for);
  if (signal < 0) {
    if (errno == EAGAIN || errno == EINTR) return 0;
    throw_errno("waiting for signals");
  }
  return signal;
}

}  // namespace berth::cli
