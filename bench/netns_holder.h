#pragma once

// Stand-in containers for the network benchmarks: a child holding a fresh
// network namespace, stopped by its pid.
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <stdexcept>

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

inline void stop(pid_t pid) {
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

}  // namespace berth::bench
