#include "runtime/supervisor.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "runtime/cgroup_driver.h"
#include "runtime/container_console.h"
#include "runtime/container_enter.h"
#include "runtime/container_launch.h"
#include "runtime/container_state.h"
#include "runtime/event_log.h"
#include "runtime/health_monitor.h"
#include "runtime/json_log.h"
#include "runtime/monotonic_clock.h"
#include "runtime/resident_pages.h"
#include "runtime/restart_policy.h"
#include "runtime/spec_json.h"
#include "runtime/stdin_fifo.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::runtime {

namespace {

// The caller that started the supervisor may be gone (killed) when the report is
// written: the write must fail with EPIPE, not kill the supervisor with SIGPIPE.
void write_report(int fd, const std::string& line) {
  sigset_t pipe_signal, previous;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  ::pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  [[maybe_unused]] auto written = ::write(fd, line.data(), line.size());
  timespec no_wait{};
  ::sigtimedwait(&pipe_signal, nullptr, &no_wait);  // discards the SIGPIPE it raised
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

constexpr const char* kInitPath = "/sbin/berth-init";

// The caller closed the report channel without letting the container start.
struct StartCancelled {};

struct OutputPipe {
  UniqueFd read_end;
  std::string stream;
};

struct HealthRun {
  pid_t helper;
  UniqueFd output;
  std::string captured;
  HealthResult result;
  std::int64_t deadline_ms;
  bool timed_out = false;
};

class Supervisor {
 public:
  Supervisor(const ContainerFiles& files, int report_fd, FirstRunStreams streams)
      : files_(files),
        report_fd_(report_fd),
        streams_(streams),
        spec_(read_spec_file(files.spec())) {
    state_.supervisor_pid = ::getpid();
    if (spec_.init) add_init();
    if (!spec_.log_path.empty())
      log_ = std::make_unique<JsonLog>(spec_.log_path, spec_.log_max_size, spec_.log_max_files);
    auto layout = spec_.host_cgroups ? *spec_.host_cgroups : probe_cgroups();
    cgroup_ = open_container_cgroup(layout, spec_.project, spec_.name);
    cgroup_->create(spec_.resources, spec_.privileged);
    if (spec_.process.stdin_open) stdin_.emplace(files.stdin_fifo());
  }

  int run() {
    signals_ = block_signals();
    if (!start()) {
      cgroup_->remove();
      return 1;
    }
    release_at_ms_ = monotonic_ms() + kReleaseDelayMs;  // the start-up code is done with for now
    while (!finished_) wait_for_events();
    cgroup_->remove();
    return 0;
  }

 private:
  // The init is this very (static) executable, bound read-only into the container.
  void add_init() {
    char self[4096];
    ssize_t length = ::readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (length < 0) throw_errno("cannot find the supervisor's executable");
    spec_.mounts.push_back({std::string(self, length), kInitPath, "bind", {"ro"}});
    spec_.process.args.insert(spec_.process.args.begin(), {kInitPath, "--"});
  }

  static UniqueFd block_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal : {SIGCHLD, SIGTERM, SIGINT, SIGUSR1, SIGUSR2, SIGHUP}) sigaddset(&set, signal);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
    UniqueFd fd(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!fd) throw_errno("cannot create signalfd");
    return fd;
  }

  void report(const std::string& message) {
    if (report_fd_ < 0) return;
    write_report(report_fd_, message + "\n");
    ::close(report_fd_);
    report_fd_ = -1;
  }

  void save() { write_state(files_.state(), state_); }

  void record(const std::string& action, std::map<std::string, std::string> attributes = {}) {
    if (spec_.events_path.empty()) return;
    attributes["name"] = spec_.name;
    record_event(spec_.events_path, {"", spec_.project, spec_.service, spec_.name, action,
                                     std::move(attributes), spec_.id});
  }

  // The process's streams: for an attached first run the caller's streams,
  // which the supervisor then lets go of so that the caller sees end-of-file
  // when the process is done with them; else a terminal of its own (tty) or
  // the log's pipes, with the stdin pipe (stdin_open) or nothing as input.
  StdioFds process_streams() {
    outputs_.clear();
    terminal_input_.reset();
    terminal_slave_.reset();
    console_.reset();
    if (streams_ == FirstRunStreams::attached_streams) return {0, 1, 2, false};
    if (streams_ == FirstRunStreams::attached_terminal) return console_streams(0);
    if (spec_.process.tty) {
      auto console = make_console_socket();
      console_ = std::move(console.server);
      return console_streams(console.container.get());
    }
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
      throw_errno("cannot create output pipes");
    outputs_.push_back({UniqueFd(out[0]), "stdout"});
    outputs_.push_back({UniqueFd(err[0]), "stderr"});
    child_ends_.emplace_back(out[1]);
    child_ends_.emplace_back(err[1]);
    int in = -1;
    if (stdin_) in = child_ends_.emplace_back(stdin_->open_for_process()).get();
    return {in, out[1], err[1], false};
  }

  // The process makes its terminal in the container and sends it over
  // `socket` (the caller's, for an attached run; else the supervisor's).
  StdioFds console_streams(int socket) {
    StdioFds stdio;
    stdio.console = child_ends_.emplace_back(::fcntl(socket, F_DUPFD_CLOEXEC, 3)).get();
    if (stdio.console < 0) throw_errno("cannot hand over the console socket");
    return stdio;
  }

  // The terminal the started process sent: its output goes to the log and
  // `attach` writes into it. The supervisor keeps a slave open, which `attach`
  // reopens through /proc to set the window size.
  void serve_terminal() {
    auto terminal = receive_console(console_.get());
    console_.reset();
    // Non-blocking both ways: writes the process does not read are dropped
    // rather than stall the supervisor, and reads only follow poll.
    ::fcntl(terminal.master.get(), F_SETFL, O_NONBLOCK);
    terminal_input_.reset(::fcntl(terminal.master.get(), F_DUPFD_CLOEXEC, 0));
    terminal_slave_ = std::move(terminal.slave);
    outputs_.push_back({std::move(terminal.master), "stdout"});
    write_file_atomically(files_.terminal(), "/proc/" + std::to_string(::getpid()) + "/fd/" +
                                                 std::to_string(terminal_slave_.get()) + "\n");
  }

  // A process that started but cannot be served (its terminal did not come).
  void end_started_process() {
    if (!container_pid_) return;
    ::kill(container_pid_, SIGKILL);
    ::waitpid(container_pid_, nullptr, 0);
    container_pid_ = 0;
  }

  // What `attach` sent, into the terminal; dropped when the process does not
  // read (a full terminal must not stall the supervisor).
  void relay_input() {
    char buffer[4096];
    ssize_t length = ::read(stdin_->fd(), buffer, sizeof(buffer));
    if (length > 0 && terminal_input_) [[maybe_unused]]
      auto written = ::write(terminal_input_.get(), buffer, static_cast<size_t>(length));
  }

  void release_streams() {
    child_ends_.clear();
    if (streams_ == FirstRunStreams::log) return;
    streams_ = FirstRunStreams::log;
    UniqueFd null_fd(::open("/dev/null", O_RDWR | O_CLOEXEC));
    for (int target = 0; target < 3; ++target) ::dup2(null_fd.get(), target);
  }

  // The first run's program starts when the caller says so on the report channel
  // (a byte), which it may do at once or once what the container depends on runs;
  // while it waits the container is built. End-of-file: it is not to start.
  void await_start_from_caller() const {
    char go = 0;
    ssize_t length;
    while ((length = ::read(report_fd_, &go, 1)) < 0 && errno == EINTR) {
    }
    if (length != 1) throw StartCancelled{};
  }

  // Starts (or restarts) the process; false when it could not be started (or the
  // caller cancelled the first start: the container stays created, with no state).
  bool start() {
    auto stdio = process_streams();
    oom_kills_before_ = cgroup_->oom_kills();
    std::function<void()> await_start;
    if (report_fd_ >= 0) await_start = [this] { await_start_from_caller(); };
    try {
      container_pid_ = launch_container(
          spec_, stdio, [&](pid_t pid) { cgroup_->add_process(pid); }, await_start);
      release_streams();
      if (console_) serve_terminal();
    } catch (const StartCancelled&) {
      release_streams();
      return false;
    } catch (const std::exception& error) {
      release_streams();
      end_started_process();
      state_.status = "exited";
      state_.exit_code = 127;
      state_.error = error.what();
      state_.finished_at = timestamp_now();
      save();
      report(std::string("error ") + error.what());
      return false;
    }
    started_ms_ = monotonic_ms();
    state_.status = "running";
    state_.pid = container_pid_;
    state_.error.clear();
    state_.started_at = timestamp_now();
    if (spec_.healthcheck && HealthMonitor::command(*spec_.healthcheck)) {
      health_.emplace(*spec_.healthcheck, started_ms_);
      state_.health = "starting";
      state_.failing_streak = 0;
    }
    save();
    // Recorded before the caller hears back, so that what the caller records
    // next (a restart) comes after it.
    record("start");
    report("ok " + std::to_string(container_pid_));
    return true;
  }

  int next_timeout_ms() const {
    std::optional<std::int64_t> due;
    auto consider = [&](std::int64_t at) { due = due ? std::min(*due, at) : at; };
    if (release_at_ms_) consider(*release_at_ms_);
    if (restart_at_ms_) consider(*restart_at_ms_);
    if (kill_at_ms_) consider(*kill_at_ms_);
    if (health_run_)
      consider(health_run_->deadline_ms);
    else if (health_ && container_pid_ && !paused_)
      consider(health_->next_check_ms());
    if (!due) return -1;
    return static_cast<int>(std::max<std::int64_t>(0, *due - monotonic_ms()));
  }

  void wait_for_events() {
    std::vector<pollfd> fds = {{signals_.get(), POLLIN, 0}};
    for (const auto& output : outputs_) fds.push_back({output.read_end.get(), POLLIN, 0});
    bool relaying = stdin_ && terminal_input_;
    if (relaying) fds.push_back({stdin_->fd(), POLLIN, 0});
    if (health_run_) fds.push_back({health_run_->output.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), next_timeout_ms()) < 0 && errno != EINTR)
      throw_errno("poll failed");
    for (size_t index = 0; index < outputs_.size(); ++index)
      if (fds[index + 1].revents) drain(outputs_[index]);
    if (relaying && fds[outputs_.size() + 1].revents) relay_input();
    if (health_run_ && fds.back().revents) read_health_output();
    if (fds[0].revents) handle_signals();
    handle_timers();
  }

  // Reads what is available; false at end of stream (a terminal whose
  // process is gone reads EIO instead).
  bool drain(OutputPipe& output) {
    char buffer[65536];
    ssize_t length = ::read(output.read_end.get(), buffer, sizeof(buffer));
    if (length > 0 && log_) log_->append(output.stream, buffer, static_cast<size_t>(length));
    if (length == 0 || (length < 0 && errno != EINTR && errno != EAGAIN)) {
      if (log_) log_->flush(output.stream);
      output.read_end.reset();
      return false;
    }
    return length > 0;
  }

  void read_health_output() {
    char buffer[4096];
    ssize_t length = ::read(health_run_->output.get(), buffer, sizeof(buffer));
    if (length > 0 && health_run_->captured.size() < 4096)
      health_run_->captured.append(buffer, static_cast<size_t>(length));
  }

  void handle_signals() {
    signalfd_siginfo info{};
    while (::read(signals_.get(), &info, sizeof(info)) == sizeof(info)) {
      int signal = static_cast<int>(info.ssi_signo);
      if (signal == SIGCHLD)
        reap();
      else if (signal == SIGTERM || signal == SIGINT)
        stop(info.ssi_code == SI_QUEUE ? info.ssi_int : -1);
      else if (signal == SIGUSR1 || signal == SIGUSR2)
        pause(signal == SIGUSR1);
    }
  }

  void stop(int grace_ms) {
    stopped_by_user_ = true;
    restart_at_ms_.reset();
    if (!container_pid_) {  // between two runs: no restart will come
      state_.status = "exited";
      save();
      finished_ = true;
      return;
    }
    if (paused_) pause(false);
    ::kill(container_pid_, spec_.stop_signal);
    kill_at_ms_ = monotonic_ms() + (grace_ms >= 0 ? grace_ms : spec_.stop_grace_ms);
  }

  void pause(bool frozen) {
    cgroup_->freeze(frozen);
    paused_ = frozen;
    if (container_pid_) state_.status = frozen ? "paused" : "running";
    save();
  }

  void reap() {
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;) {
      if (pid == container_pid_)
        container_exited(status);
      else if (health_run_ && pid == health_run_->helper)
        health_finished(status);
    }
  }

  void container_exited(int status) {
    kill_leftover_processes();  // before draining: they may hold the output pipes
    for (auto& output : outputs_)
      while (output.read_end && drain(output)) {
      }
    container_pid_ = 0;
    kill_at_ms_.reset();
    state_.exit_code = exit_code_of(status);
    state_.oom_killed = cgroup_->oom_kills() > oom_kills_before_;
    state_.finished_at = timestamp_now();
    state_.pid = 0;
    health_.reset();
    record("die", {{"exitCode", std::to_string(state_.exit_code)}});
    if (should_restart(spec_.restart, state_.exit_code, state_.restart_count, stopped_by_user_)) {
      state_.status = "restarting";
      restart_at_ms_ = monotonic_ms() + backoff_.next_delay_ms(monotonic_ms() - started_ms_);
    } else {
      state_.status = "exited";
      finished_ = true;
    }
    save();
  }

  // In a pid namespace of its own, the kernel ends every process of the
  // container with its first; in the host's or another container's, its
  // cgroup says what is left, as runc does.
  void kill_leftover_processes() {
    if (spec_.pid_namespace.kind == NamespaceShare::Kind::own) return;
    for (int round = 0; round < 10; ++round) {
      auto left = cgroup_->processes();
      if (left.empty()) return;
      for (pid_t pid : left) ::kill(pid, SIGKILL);
      ::usleep(10'000);
    }
  }

  void handle_timers() {
    auto now = monotonic_ms();
    if (release_at_ms_ && now >= *release_at_ms_) {
      release_at_ms_.reset();
      release_read_only_segments();
    }
    if (kill_at_ms_ && now >= *kill_at_ms_ && container_pid_) {
      ::kill(container_pid_, SIGKILL);
      kill_at_ms_.reset();
    }
    if (restart_at_ms_ && now >= *restart_at_ms_) {
      restart_at_ms_.reset();
      ++state_.restart_count;
      if (!start()) finished_ = !should_restart(spec_.restart, 127, state_.restart_count, false);
      if (!finished_ && !container_pid_)
        restart_at_ms_ = monotonic_ms() + backoff_.next_delay_ms(0);
    }
    if (health_run_ && now >= health_run_->deadline_ms && !health_run_->timed_out) {
      health_run_->timed_out = true;
      ::kill(health_run_->helper, SIGTERM);  // the helper kills the check inside
      health_run_->deadline_ms = now + 1000;
    }
    if (!health_run_ && health_ && container_pid_ && !paused_ && now >= health_->next_check_ms())
      start_health_check();
  }

  void start_health_check() {
    int pipe[2];
    if (::pipe2(pipe, O_CLOEXEC) != 0) throw_errno("cannot create health check pipe");
    UniqueFd write_end(pipe[1]);
    ProcessSpec process = spec_.process;
    process.args = *HealthMonitor::command(*spec_.healthcheck);
    HealthRun run{0, UniqueFd(pipe[0]), {}, {}, monotonic_ms() + spec_.healthcheck->timeout_ms};
    run.result.start = timestamp_now();
    run.helper = spawn_in_container(container_pid_, spec_, process,
                                    StdioFds{-1, write_end.get(), write_end.get()});
    health_run_ = std::move(run);
  }

  void health_finished(int status) {
    while (true) {
      auto before = health_run_->captured.size();
      read_health_output();
      if (health_run_->captured.size() == before) break;
    }
    health_run_->result.exit_code = exit_code_of(status);
    health_run_->result.output = health_run_->captured;
    health_run_->result.end = timestamp_now();
    if (health_ && container_pid_) {
      auto before = state_.health;
      health_->record(health_run_->result, health_run_->timed_out, monotonic_ms(), state_);
      save();
      if (state_.health != before && state_.health != "starting")
        record("health_status: " + state_.health);
    }
    health_run_.reset();
  }

  ContainerFiles files_;
  int report_fd_;
  FirstRunStreams streams_;
  std::vector<UniqueFd> child_ends_;  // the process's ends, closed once it holds them
  std::optional<StdinFifo> stdin_;
  UniqueFd terminal_input_;
  UniqueFd terminal_slave_, console_;
  ContainerSpec spec_;
  ContainerState state_;
  std::unique_ptr<JsonLog> log_;
  std::unique_ptr<ContainerCgroup> cgroup_;
  UniqueFd signals_;
  std::vector<OutputPipe> outputs_;
  pid_t container_pid_ = 0;
  std::int64_t started_ms_ = 0;
  std::uint64_t oom_kills_before_ = 0;
  RestartBackoff backoff_;
  std::optional<std::int64_t> restart_at_ms_, kill_at_ms_, release_at_ms_;
  std::optional<HealthMonitor> health_;
  std::optional<HealthRun> health_run_;
  bool stopped_by_user_ = false, paused_ = false, finished_ = false;
};

}  // namespace

int run_supervisor(const ContainerFiles& files, int report_fd, FirstRunStreams streams) {
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  write_file_atomically(files.supervisor_pid(), std::to_string(::getpid()) + "\n");
  int status = 1;
  try {
    status = Supervisor(files, report_fd, streams).run();
  } catch (const std::exception& error) {
    if (report_fd >= 0) write_report(report_fd, std::string("error ") + error.what() + "\n");
  }
  ::unlink(files.supervisor_pid().c_str());
  return status;
}

}  // namespace berth::runtime
