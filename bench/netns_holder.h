#pragma once

// Stand-in containers for the network benchmarks: a child holding a fresh
// network namespace, stopped by its pid.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <stdexcept>
#include <string>

namespace berth::bench {

// Returns once the child has its namespace; it then runs `serve` (which must
// not return), or waits to be stopped.
inline pid_t spawn_netns_holder(const std::function<void()>& serve = {}) {
  int ready[2];
  if (::pipe(ready) != 0) throw std::runtime_error("pipe");
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::unshare(CLONE_NEWNET) != 0) ::_exit(1);
    (void)!::write(ready[1], "x", 1);
    if (serve) serve();
    ::pause();
    ::_exit(0);
  }
  char byte;
  bool ok = ::read(ready[0], &byte, 1) == 1;
  ::close(ready[0]);
  ::close(ready[1]);
  if (!ok) throw std::runtime_error("cannot create a network namespace");
  return pid;
}

// A fresh network namespace held by a file descriptor alone, made as the
// engine makes a container's (this thread unshares and comes back): nothing is
// forked, so no copy-on-write fault of the benchmark lands in the timed code,
// as none does in `up`. Closing the last fd destroys it.
class ScratchNetns {
 public:
  ScratchNetns() {
    int origin = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (origin < 0 || ::unshare(CLONE_NEWNET) != 0)
      throw std::runtime_error("cannot create a network namespace");
    fd_ = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    bool back = ::setns(origin, CLONE_NEWNET) == 0;
    ::close(origin);
    if (fd_ < 0 || !back) throw std::runtime_error("cannot hold a network namespace");
  }
  ~ScratchNetns() { ::close(fd_); }
  ScratchNetns(const ScratchNetns&) = delete;
  ScratchNetns& operator=(const ScratchNetns&) = delete;

  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_ = -1;
};

inline void stop(pid_t pid) {
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

}  // namespace berth::bench
