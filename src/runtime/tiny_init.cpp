#include "runtime/tiny_init.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>

#include "runtime/monotonic_clock.h"
#include "runtime/resident_pages.h"

namespace berth::runtime {

int run_tiny_init(char** argv) {
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  ::sigprocmask(SIG_BLOCK, &all, nullptr);
  // Not PID 1 when the container shares a pid namespace: orphans still come here.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  // vfork: the child only sets its signal mask and group and execs, so it needs
  // no copy of this process's page tables (each copy-on-write fault that follows
  // a fork costs ~10 us on a VM).
  pid_t child = ::vfork();
  if (child < 0) return 127;
  if (child == 0) {
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::setpgid(0, 0);
    ::execvp(argv[0], argv);
    std::perror(argv[0]);
    _exit(127);
  }
  // Its start-up code is counted in the container's memory until released.
  std::int64_t release_at_ms = monotonic_ms() + kReleaseDelayMs;
  bool released = false;
  while (true) {
    siginfo_t info{};
    int signal = -1;
    if (released) {
      signal = ::sigwaitinfo(&all, &info);
    } else {
      std::int64_t left_ms = std::max<std::int64_t>(0, release_at_ms - monotonic_ms());
      timespec wait{static_cast<time_t>(left_ms / 1000),
                    static_cast<long>(left_ms % 1000) * 1000000};
      signal = ::sigtimedwait(&all, &info, &wait);
      if (signal < 0 && errno == EAGAIN) {
        release_read_only_segments();
        released = true;
      }
    }
    if (signal < 0) continue;
    if (signal != SIGCHLD) {
      ::kill(child, signal);
      continue;
    }
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;) {
      if (pid != child) continue;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return 128 + WTERMSIG(status);
    }
  }
}

}  // namespace berth::runtime
