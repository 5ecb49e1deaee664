#include "cli/signal_watch.h"

#include <poll.h>
#include <pthread.h>
#include <sys/signalfd.h>

#include <cerrno>

#include "util/error.h"

namespace berth::cli {

SignalWatch::SignalWatch() {
  sigemptyset(&watched_);
  sigaddset(&watched_, SIGINT);
  sigaddset(&watched_, SIGTERM);
  if (int error = ::pthread_sigmask(SIG_BLOCK, &watched_, &previous_); error != 0)
    throw_errno(error, "cannot block SIGINT and SIGTERM");
  signal_fd_.reset(::signalfd(-1, &watched_, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!signal_fd_) {
    ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
    throw_errno("cannot create a signalfd");
  }
}

SignalWatch::~SignalWatch() { ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

int SignalWatch::wait(std::chrono::milliseconds timeout, FileWatch* changes) {
  pollfd ready[2] = {{signal_fd_.get(), POLLIN, 0}, {changes ? changes->fd() : -1, POLLIN, 0}};
  if (::poll(ready, changes ? 2 : 1, static_cast<int>(timeout.count())) < 0) {
    if (errno == EINTR) return 0;
    throw_errno("waiting for signals");
  }
  if (changes && (ready[1].revents & POLLIN) && !(ready[0].revents & POLLIN))
    changes->wait(std::chrono::milliseconds(0));  // takes the burst as one change
  signalfd_siginfo info{};
  if (::read(signal_fd_.get(), &info, sizeof(info)) != static_cast<ssize_t>(sizeof(info))) return 0;
  return static_cast<int>(info.ssi_signo);
}

}  // namespace berth::cli
