#include "runtime/container_enter.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "runtime/cgroup_files.h"
#include "runtime/cgroup_probe.h"
#include "runtime/container_setup.h"
#include "util/error.h"
#include "util/namespace_fd.h"
#include "util/unique_fd.h"

namespace berth::runtime {

namespace {

// Joins every cgroup the container's process is in, as /proc/<pid>/cgroup lists them.
void join_cgroups_of(pid_t container_pid) {
  auto layout = probe_cgroups();
  std::ifstream file("/proc/" + std::to_string(container_pid) + "/cgroup");
  std::string self = std::to_string(::getpid());
  for (std::string line; std::getline(file, line);) {
    auto first = line.find(':'), second = line.find(':', first + 1);
    std::string controllers = "," + line.substr(first + 1, second - first - 1) + ",";
    std::string path = line.substr(second + 1);
    if (controllers == ",," && !layout.unified_root.empty() && layout.mode == CgroupMode::v2)
      write_control(layout.unified_root / path.substr(1) / "cgroup.procs", self);
    for (const auto& controller : layout.controllers)
      if (controllers.find("," + controller.name + ",") != std::string::npos)
        write_control(controller.hierarchy / path.substr(1) / "cgroup.procs", self);
  }
}

bool same_namespace(int a, int b) {
  struct stat first {
  }, second{};
  return ::fstat(a, &first) == 0 && ::fstat(b, &second) == 0 && first.st_ino == second.st_ino &&
         first.st_dev == second.st_dev;
}

void join_namespaces_of(pid_t container_pid) {
  std::string base = "/proc/" + std::to_string(container_pid) + "/ns/";
  // Opened first and joined last (userns_mode: auto): after it only the
  // container's own namespace grants capabilities, and the others are the host
  // root's.
  auto user = NamespaceFd::of_process(container_pid, "user");
  bool shares_ours = same_namespace(user.fd(), NamespaceFd::of_current("user").fd());
  // The mount namespace last of the rest: after it, the host's /proc is no longer reachable.
  for (auto [name, type] : {std::pair{"ipc", CLONE_NEWIPC},
                            {"uts", CLONE_NEWUTS},
                            {"net", CLONE_NEWNET},
                            {"pid", CLONE_NEWPID},
                            {"cgroup", CLONE_NEWCGROUP},
                            {"mnt", CLONE_NEWNS}}) {
    UniqueFd fd(::open((base + name).c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) throw_errno("cannot open namespace of the container", base + name);
    if (::setns(fd.get(), type) != 0) throw_errno("cannot join namespace", base + name);
  }
  if (!shares_ours) user.enter();
}

pid_t inside_pid = 0;

// The helper's answer to a timeout: the process inside goes too.
void kill_inside(int) {
  if (inside_pid > 0) ::kill(inside_pid, SIGKILL);
}

void unblock_signals() {
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

void attach(const StdioFds& stdio) {
  int sources[3] = {stdio.in, stdio.out, stdio.err};
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int target = 0; target < 3; ++target)
    ::dup2(sources[target] >= 0 ? sources[target] : null_fd, target);
  ::setsid();
  if (stdio.controlling_tty) ::ioctl(0, TIOCSCTTY, 0);
}

[[noreturn]] void report_and_exit(const std::exception& error, const StdioFds& stdio) {
  std::string message = std::string("berth: ") + error.what() + "\n";
  [[maybe_unused]] auto written =
      ::write(stdio.err >= 0 ? stdio.err : 2, message.data(), message.size());
  _exit(126);
}

}  // namespace

int exit_code_of(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return 255;
}

pid_t spawn_in_container(pid_t container_pid, const ContainerSpec& spec, const ProcessSpec& process,
                         const StdioFds& stdio) {
  pid_t helper = ::fork();
  if (helper < 0) throw_errno("cannot fork to enter container", spec.name);
  if (helper > 0) return helper;
  try {
    struct sigaction action {};
    action.sa_handler = kill_inside;
    ::sigaction(SIGTERM, &action, nullptr);
    unblock_signals();
    ContainerSpec exec_spec = spec;
    exec_spec.process = process;
    auto seccomp = seccomp_program_for(exec_spec);  // before entering: see its comment
    join_cgroups_of(container_pid);
    join_namespaces_of(container_pid);
    pid_t inside = ::fork();  // only children enter the joined pid namespace
    if (inside < 0) throw_errno("cannot fork inside container", spec.name);
    if (inside > 0) {
      inside_pid = inside;
      int status = 0;
      while (::waitpid(inside, &status, 0) < 0 && errno == EINTR) {
      }
      _exit(exit_code_of(status));
    }
    ::signal(SIGTERM, SIG_DFL);
    attach(stdio);
    drop_privileges_and_exec(exec_spec, resolve_user_in("/", process.user), seccomp);
  } catch (const std::exception& error) {
    report_and_exit(error, stdio);
  }
}

}  // namespace berth::runtime
