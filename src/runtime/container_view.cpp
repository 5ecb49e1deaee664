#include "runtime/container_view.h"

#include <fcntl.h>
#include <iconv.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/rootfs_setup.h"
#include "util/error.h"
#include "util/write_all.h"

namespace berth::runtime {

namespace {
// glibc reads its charset conversion tables (which may name modules to load) from the
// root it runs in, once per process, on first use. Work in a view converts archive
// names, so the host's tables are loaded here, before any container's files are seen.
void load_host_charset_tables() {
  static const bool loaded = [] {
    for (auto [to, from] : {std::pair{"UTF-8", "ANSI_X3.4-1968"}, {"ANSI_X3.4-1968", "UTF-8"}}) {
      iconv_t conversion = ::iconv_open(to, from);
      if (conversion != reinterpret_cast<iconv_t>(-1)) ::iconv_close(conversion);
    }
    return true;
  }();
  (void)loaded;
}

void join_mount_namespace(pid_t pid) {
  auto path = "/proc/" + std::to_string(pid) + "/ns/mnt";
  UniqueFd ns(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!ns) throw_errno("cannot open the container's mount namespace", path);
  // Joining also moves this process's root and working directory to the namespace's root.
  if (::setns(ns.get(), CLONE_NEWNS) != 0) throw_errno("cannot join mount namespace", path);
}

void build_stopped_view(const ContainerSpec& spec) {
  if (::unshare(CLONE_NEWNS) != 0) throw_errno("cannot make a mount namespace for", spec.name);
  if (::mount("", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    throw_errno("cannot make mounts private for", spec.name);
  mount_into_root(spec.rootfs, spec.mounts);
  if (::chdir(spec.rootfs.c_str()) != 0 || ::chroot(".") != 0)
    throw_errno("cannot enter the root of", spec.name);
}

[[noreturn]] void run_child(const ContainerSpec& spec, pid_t running_pid,
                            const std::function<std::string()>& work, int report) {
  ::signal(SIGPIPE, SIG_IGN);  // a reader that went away is an error to report, not death
  try {
    if (running_pid > 0)
      join_mount_namespace(running_pid);
    else
      build_stopped_view(spec);
    if (::chdir("/") != 0) throw_errno("cannot enter the root of", spec.name);
    std::string reply = "ok " + work();
    write_all(report, reply.data(), reply.size());
    _exit(0);
  } catch (const std::exception& error) {
    std::string reply = std::string("error ") + error.what();
    write_all(report, reply.data(), reply.size());
    _exit(1);
  }
}
}  // namespace

ContainerViewProcess::ContainerViewProcess(const ContainerSpec& spec, pid_t running_pid,
                                           const std::function<std::string()>& work) {
  load_host_charset_tables();
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) throw_errno("cannot create pipe");
  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(report[0]);
    ::close(report[1]);
    throw_errno("cannot fork to enter container", spec.name);
  }
  if (pid_ == 0) {
    ::close(report[0]);
    run_child(spec, running_pid, work, report[1]);
  }
  ::close(report[1]);
  report_.reset(report[0]);
}

ContainerViewProcess::~ContainerViewProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

std::string ContainerViewProcess::wait() {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(report_.get(), buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  if (text.starts_with("ok ")) return text.substr(3);
  if (text.starts_with("error ")) throw Error(text.substr(6));
  throw Error("the process inside the container's view died", std::to_string(status));
}

}  // namespace berth::runtime
