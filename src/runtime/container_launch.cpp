#include "runtime/container_launch.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <optional>

#include "runtime/container_console.h"
#include "runtime/container_setup.h"
#include "runtime/shared_namespace.h"
#include "util/error.h"
#include "util/namespace_fd.h"
#include "util/unique_fd.h"
#include "util/user_namespace.h"

namespace berth::runtime {

namespace {

struct Pipe {
  UniqueFd read_end, write_end;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("cannot create a pipe");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

void attach_stdio(const StdioFds& stdio) {
  sigset_t none;  // the supervisor blocks the signals it reads from a signalfd
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  int sources[3] = {stdio.in, stdio.out, stdio.err};
  for (int target = 0; target < 3; ++target) {
    int source = sources[target] >= 0 ? sources[target] : null_fd;
    if (::dup2(source, target) < 0) throw_errno("cannot attach standard stream");
  }
  if (::setsid() < 0) throw_errno("cannot start a new session");
  if (stdio.controlling_tty && ::ioctl(0, TIOCSCTTY, 0) != 0)
    throw_errno("cannot take the controlling terminal");
}

// The child builds the container while the caller places it in its cgroups
// (each v1 hierarchy's move waits for an RCU grace period: milliseconds), and
// waits for one go byte, once it is placed and may run the user's program.
[[noreturn]] void run_child(const ContainerSpec& spec, const OpenedNamespaces& opened,
                            const ProcessIdentity& identity, const StdioFds& stdio, int go_fd,
                            int error_fd) {
  auto await_go = [go_fd] {
    char go = 0;
    if (::read(go_fd, &go, 1) != 1) _exit(127);  // the parent gave up
  };
  try {
    attach_stdio(stdio);
    setup_and_exec(spec, opened, identity, [&] {
      if (stdio.console >= 0) take_container_console(stdio.console);
      await_go();
    });
  } catch (const std::exception& error) {
    const char* message = error.what();
    [[maybe_unused]] auto written = ::write(error_fd, message, std::strlen(message));
  }
  _exit(127);
}

long clone_process(unsigned long flags) {
  return ::syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
}

// A pid namespace cannot be entered by the caller itself, only by its children:
// the caller points its next child there and then back at its own.
long clone_into_pid_namespace(const std::string& path, unsigned long flags) {
  auto origin = NamespaceFd::of_current("pid");
  NamespaceFd::open_path(path).enter();
  long pid = clone_process(flags);
  int saved_errno = errno;
  if (pid != 0) origin.enter();
  errno = saved_errno;
  return pid;
}

std::string read_all(int fd) {
  std::string text;
  char buffer[512];
  ssize_t length;
  while ((length = ::read(fd, buffer, sizeof(buffer))) > 0) text.append(buffer, length);
  return text;
}

}  // namespace

pid_t launch_container(const ContainerSpec& spec, const StdioFds& stdio,
                       const std::function<void(pid_t)>& place,
                       const std::function<void()>& await_start) {
  ProcessIdentity identity;
  try {
    identity = process_identity_for(spec);
  } catch (const std::exception& error) {
    throw Error("cannot start container '" + spec.name + "': " + error.what());
  }
  auto go = make_pipe();
  auto errors = make_pipe();
  using Kind = NamespaceShare::Kind;
  unsigned long flags = CLONE_NEWNS | CLONE_NEWUTS;
  if (spec.pid_namespace.kind == Kind::own) flags |= CLONE_NEWPID;
  if (spec.ipc_namespace.kind == Kind::own) flags |= CLONE_NEWIPC;
  if (spec.netns_path.empty() && !spec.host_network) flags |= CLONE_NEWNET;
  std::optional<NamespaceFd> shared_ipc, user_namespace;
  if (spec.ipc_namespace.kind == Kind::container)
    shared_ipc = NamespaceFd::open_path(shared_namespace_path(spec.ipc_namespace, "ipc"));
  if (spec.user_namespace) user_namespace = create_user_namespace(*spec.user_namespace);
  long pid = spec.pid_namespace.kind == Kind::container
                 ? clone_into_pid_namespace(shared_namespace_path(spec.pid_namespace, "pid"), flags)
                 : clone_process(flags);
  if (pid < 0) throw_errno("cannot create the container process", spec.name);
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    OpenedNamespaces opened{shared_ipc ? &*shared_ipc : nullptr,
                            user_namespace ? &*user_namespace : nullptr};
    run_child(spec, opened, identity, stdio, go.read_end.get(), errors.write_end.get());
  }
  auto child = static_cast<pid_t>(pid);
  go.read_end.reset();
  errors.write_end.reset();
  try {
    place(child);
    if (await_start) await_start();
  } catch (...) {
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    throw;
  }
  if (::write(go.write_end.get(), "g", 1) != 1) throw_errno("cannot start container", spec.name);
  std::string failure = read_all(errors.read_end.get());
  if (!failure.empty()) {
    ::waitpid(child, nullptr, 0);
    throw Error("cannot start container '" + spec.name + "': " + failure);
  }
  return child;
}

}  // namespace berth::runtime
