#include "runtime/container_control.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "runtime/container_enter.h"
#include "runtime/spec_json.h"
#include "runtime/supervisor.h"
#include "util/atomic_file.h"
#include "util/detached_spawn.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::runtime {

namespace {

namespace fs = std::filesystem;

// Spawns the supervisor detached (util/detached_spawn), its streams on
// /dev/null or, for an attached first run, on the caller's, the report pipe
// handed over. It does not fork away: a fork's copy-on-write faults cost more
// than its exec (~2 ms on this VM), and its session of its own keeps it out
// of the caller's terminal signals.
void spawn_supervisor(const std::string& dir, int report_fd,
                      const std::optional<StdioFds>& attach) {
  DetachedSpawn setup;
  // Fresh copies of the caller's streams (above the handed fd, close-on-exec), so
  // that moving them onto 0-2 cannot overwrite one another.
  std::vector<UniqueFd> fresh;
  int wanted[3] = {-1, -1, -1};
  if (attach) {
    bool console = attach->console >= 0;
    int given[3] = {console ? attach->console : attach->in, console ? -1 : attach->out,
                    console ? -1 : attach->err};
    for (int target = 0; target < 3; ++target) {
      if (given[target] < 0) continue;
      fresh.emplace_back(::fcntl(given[target], F_DUPFD_CLOEXEC, DetachedSpawn::kHandedFd + 1));
      if (!fresh.back()) throw_errno("cannot hand over the attached streams");
      wanted[target] = fresh.back().get();
    }
  }
  for (int target = 0; target < 3; ++target) {
    if (wanted[target] >= 0)
      setup.dup_stream(target, wanted[target]);
    else
      setup.open_stream(target, "/dev/null", O_RDWR);
  }
  std::string executable = supervisor_executable();
  std::string fd_text = std::to_string(DetachedSpawn::kHandedFd);
  std::vector<const char*> argv = {executable.c_str(), "supervise", dir.c_str(), fd_text.c_str()};
  if (attach) argv.push_back(attach->console >= 0 ? kAttachedTerminal : kAttachedStreams);
  setup.spawn(argv, report_fd, "the supervisor");
}

// Probed once per berth process, for all the supervisors it spawns.
const CgroupLayout& host_cgroup_layout() {
  static const CgroupLayout layout = probe_cgroups();
  return layout;
}

std::string read_line(int fd) {
  std::string line;
  char character;
  while (::read(fd, &character, 1) == 1 && character != '\n') line += character;
  return line;
}

bool alive(pid_t pid) {
  std::string stat;
  try {
    stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  } catch (const Error&) {
    return false;
  }
  auto state = stat.find(") ");
  return state != std::string::npos && stat[state + 2] != 'Z';
}

// Returns once the process has ended. A pidfd wakes the caller the moment it
// does (and cannot be fooled by a reused pid); without pidfd_open, polling.
void wait_until_gone(pid_t pid, const UniqueFd& pidfd) {
  if (!pidfd) {
    while (alive(pid)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return;
  }
  pollfd readable{pidfd.get(), POLLIN, 0};
  while (::poll(&readable, 1, -1) < 0 && errno == EINTR) {
  }
}

pid_t require_supervisor(const std::string& dir) {
  auto pid = find_supervisor(dir);
  if (!pid) throw Error("container is not running (no supervisor)", dir);
  return *pid;
}

}  // namespace

std::string supervisor_executable() {
  if (const char* path = std::getenv("BERTH_SUPERVISOR"); path && *path) return path;
  return (fs::read_symlink("/proc/self/exe").parent_path() / "berth-supervisor").string();
}

PendingStart::PendingStart(const ContainerSpec& spec, const std::string& container_dir,
                           const std::optional<StdioFds>& attach)
    : name_(spec.name), dir_(container_dir) {
  fs::create_directories(container_dir);
  auto handed = spec;
  handed.host_cgroups = host_cgroup_layout();
  write_spec_file(ContainerFiles{container_dir}.spec(), handed);
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
    throw_errno("cannot create the supervisor's report channel", spec.name);
  channel_.reset(ends[0]);
  UniqueFd supervisor_end(ends[1]);
  // The supervisor stays this process's child until berth exits (it is then
  // reparented); one that ends meanwhile is a zombie only until then, and
  // find_supervisor counts a zombie as gone.
  spawn_supervisor(container_dir, supervisor_end.get(), attach);
}

StartedContainer PendingStart::start() {
  // A supervisor that is gone already fails the send; its report (or none) says why.
  [[maybe_unused]] auto sent = ::send(channel_.get(), "g", 1, MSG_NOSIGNAL);
  std::string line = read_line(channel_.get());
  channel_.reset();
  if (line.rfind("ok ", 0) != 0)
    throw Error("cannot start container '" + name_ +
                "': " + (line.rfind("error ", 0) == 0 ? line.substr(6) : "the supervisor failed"));
  auto supervisor = find_supervisor(dir_);
  return {supervisor.value_or(0), static_cast<pid_t>(std::stoi(line.substr(3)))};
}

StartedContainer start_container(const ContainerSpec& spec, const std::string& container_dir,
                                 const std::optional<StdioFds>& attach) {
  return PendingStart(spec, container_dir, attach).start();
}

std::optional<pid_t> find_supervisor(const std::string& container_dir) {
  std::string text;
  try {
    text = read_file(ContainerFiles{container_dir}.supervisor_pid());
  } catch (const Error&) {
    return std::nullopt;
  }
  pid_t pid = static_cast<pid_t>(std::atoi(text.c_str()));
  if (pid <= 0 || !alive(pid)) return std::nullopt;
  return pid;
}

ContainerState read_container_state(const std::string& container_dir) {
  return read_state(ContainerFiles{container_dir}.state());
}

void stop_container(const std::string& container_dir, std::optional<int> grace_ms) {
  auto pid = find_supervisor(container_dir);
  if (!pid) return;  // already stopped
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, *pid, 0)));
  if (!pidfd && errno == ESRCH) return;
  sigval value{};
  value.sival_int = grace_ms.value_or(-1);
  if (::sigqueue(*pid, kStopSignal, value) != 0 && errno != ESRCH)
    throw_errno("cannot signal supervisor of", container_dir);
  wait_until_gone(*pid, pidfd);
}

void kill_container(const std::string& container_dir, int signal) {
  require_supervisor(container_dir);
  auto state = read_container_state(container_dir);
  if (state.pid <= 0) throw Error("container has no running process", container_dir);
  if (::kill(state.pid, signal) != 0) throw_errno("cannot signal container", container_dir);
}

void pause_container(const std::string& container_dir, bool paused) {
  pid_t pid = require_supervisor(container_dir);
  if (::kill(pid, paused ? kPauseSignal : kResumeSignal) != 0)
    throw_errno("cannot signal supervisor of", container_dir);
  std::string wanted = paused ? "paused" : "running";
  for (int attempt = 0; attempt < 2500; ++attempt) {
    if (read_container_state(container_dir).status == wanted) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  throw Error("container did not become " + wanted, container_dir);
}

int exec_in_container(const std::string& container_dir, const ProcessSpec& process,
                      const StdioFds& stdio, bool privileged) {
  require_supervisor(container_dir);
  auto spec = read_spec_file(ContainerFiles{container_dir}.spec());
  auto state = read_container_state(container_dir);
  if (state.pid <= 0 || state.status != "running")
    throw Error("container is not running", spec.name);
  spec.privileged = spec.privileged || privileged;
  ProcessSpec effective = process;
  if (effective.user.empty()) effective.user = spec.process.user;  // docker: the container's
  pid_t helper = spawn_in_container(state.pid, spec, effective, stdio);
  int status = 0;
  while (::waitpid(helper, &status, 0) < 0)
    if (errno != EINTR) throw_errno("cannot wait for exec in", spec.name);
  return exit_code_of(status);
}

}  // namespace berth::runtime
