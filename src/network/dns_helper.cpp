#include "network/dns_helper.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "network/dns_upstreams.h"
#include "util/atomic_file.h"
#include "util/detached_spawn.h"
#include "util/error.h"
#include "util/log.h"
#include "util/unique_fd.h"

namespace berth::network {

namespace {

constexpr auto kStartTimeout = std::chrono::seconds(5);
constexpr auto kReloadTimeout = std::chrono::seconds(2);
constexpr auto kStopGrace = std::chrono::seconds(2);
constexpr auto kPollInterval = std::chrono::microseconds(200);

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

bool is_zombie_or_gone(pid_t pid) {
  auto stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  auto state = stat.rfind(") ");
  return state == std::string::npos || state + 2 >= stat.size() || stat[state + 2] == 'Z';
}

// Is `pid` a live berth-dns serving this database? A recycled pid of any
// other process fails the check.
bool is_our_helper(pid_t pid, const std::filesystem::path& database) {
  if (pid <= 0 || is_zombie_or_gone(pid)) return false;
  auto cmdline = read_file("/proc/" + std::to_string(pid) + "/cmdline");
  std::vector<std::string> argv;
  for (size_t start = 0; start < cmdline.size();) {
    auto end = cmdline.find('\0', start);
    if (end == std::string::npos) end = cmdline.size();
    argv.push_back(cmdline.substr(start, end - start));
    start = end + 1;
  }
  if (argv.empty() || std::filesystem::path(argv[0]).filename() != "berth-dns") return false;
  for (size_t i = 1; i + 1 < argv.size(); ++i)
    if (argv[i] == "--db" && argv[i + 1] == database.string()) return true;
  return false;
}

std::string helper_binary(const DnsOptions& options) {
  if (!options.binary.empty()) return options.binary;
  if (const char* path = std::getenv("BERTH_DNS"); path && *path) return path;
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "berth-dns").string();
}

template <typename Condition>
bool wait_for(Condition condition, std::chrono::steady_clock::duration timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kPollInterval);
  }
  return true;
}

// The helper, detached (util/detached_spawn), in / (a long-lived process must
// not keep the caller's mount busy), its streams on /dev/null and its log, the
// ready pipe handed over, and the signals it serves (SIGHUP, SIGTERM, SIGINT)
// held pending until it reads them: a caller may signal it from the moment its
// pid file names it.
pid_t spawn_detached(const std::vector<const char*>& argv, int ready_fd, const char* log) {
  DetachedSpawn setup;
  setup.open_stream(0, "/dev/null", O_RDWR);
  setup.open_stream(1, "/dev/null", O_RDWR);
  setup.open_stream(2, log, O_WRONLY | O_CREAT | O_APPEND, 0640);
  setup.change_directory("/");
  sigset_t served;
  sigemptyset(&served);
  for (int signal : {SIGHUP, SIGTERM, SIGINT}) sigaddset(&served, signal);
  setup.block_signals(served);
  return setup.spawn(argv, ready_fd, "the DNS helper");
}

}  // namespace

DnsHelper::DnsHelper(const Locations& locations, DnsOptions options)
    : paths_(locations.run_dir),
      database_(locations.database()),
      run_dir_(locations.run_dir),
      options_(std::move(options)) {}

std::optional<pid_t> DnsHelper::running() const {
  std::ifstream in(paths_.pid_file());
  pid_t pid = 0;
  if (!(in >> pid) || !is_our_helper(pid, database_)) return std::nullopt;
  return pid;
}

uint64_t DnsHelper::generation() const {
  std::ifstream in(paths_.generation_file());
  uint64_t value = 0;
  in >> value;
  return value;
}

void DnsHelper::refresh(bool wait) {
  std::optional<pid_t> serving;
  {
    std::lock_guard lock(starting_mutex_);
    if (starting_)
      starting_->changed_since = true;
    else if (!(serving = running()))
      start();
  }
  // running() also finds one another thread is awaiting (it is named as it is
  // spawned); the SIGHUP waits until it serves.
  if (serving) return signal_reload(*serving, wait);
  if (wait) await();
}

void DnsHelper::signal_reload(pid_t pid, bool wait) {
  auto before = generation();
  if (::kill(pid, SIGHUP) != 0) throw_errno("cannot signal the DNS helper", std::to_string(pid));
  if (wait && !wait_for([&] { return generation() > before || !running(); }, kReloadTimeout))
    log::warn("the DNS helper (pid {}) did not confirm a reload in time", pid);
}

void DnsHelper::await() {
  std::optional<Starting> pending;
  {
    std::lock_guard lock(starting_mutex_);
    pending.swap(starting_);
  }
  if (!pending) return;
  auto& starting = *pending;
  auto log = paths_.log_file().string();
  pollfd poll_fd{starting.ready.get(), POLLIN, 0};
  auto timeout_ms = std::chrono::duration_cast<std::chrono::milliseconds>(kStartTimeout).count();
  if (::poll(&poll_fd, 1, static_cast<int>(timeout_ms)) <= 0)
    throw Error("the DNS helper did not start in time (see " + log + ")",
                std::to_string(starting.pid));
  std::string message(4096, '\0');
  ssize_t got = ::read(starting.ready.get(), message.data(), message.size());
  message.resize(got > 0 ? static_cast<size_t>(got) : 0);
  if (message != "ok")
    throw Error(
        "the DNS helper failed: " + (message.empty() ? "exited (see " + log + ")" : message),
        std::to_string(starting.pid));
  if (starting.changed_since) signal_reload(starting.pid, true);
}

// Spawns the helper and names it in the pid file at once, so a caller that
// comes next (this one or another berth, under the GlobalLock) signals it
// instead of starting a second; await() reads its report.
void DnsHelper::start() {
  std::filesystem::create_directories(paths_.dir);
  std::vector<std::string> arguments = {helper_binary(options_), "--db", database_.string(),
                                        "--run-dir", run_dir_.string()};
  for (const auto& upstream : choose_dns_upstreams(options_.upstreams)) {
    parse_dns_upstream(upstream);  // a bad address fails here, with the caller
    arguments.insert(arguments.end(), {"--upstream", upstream});
  }
  arguments.insert(arguments.end(), {"--ready-fd", "3"});
  if (::access(arguments[0].c_str(), X_OK) != 0)
    throw_errno("cannot run the DNS helper", arguments[0]);
  std::vector<const char*> argv;
  for (const auto& argument : arguments) argv.push_back(argument.c_str());
  // A new helper counts its reloads from 0: an old count would keep a caller
  // waiting for a reload past it.
  std::error_code ignored;
  std::filesystem::remove(paths_.generation_file(), ignored);

  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) throw_errno("cannot create a pipe");
  UniqueFd ready_read(ready[0]), ready_write(ready[1]);
  pid_t pid = spawn_detached(argv, ready_write.get(), paths_.log_file().c_str());
  ready_write.reset();
  // The kernel sets a new program's command line a moment after its exec lets
  // the spawner go on; others recognise the helper by it once it is named.
  // One that failed at once has reported (or closed the pipe) instead.
  auto reported = [&] {
    pollfd poll_fd{ready_read.get(), POLLIN, 0};
    return ::poll(&poll_fd, 1, 0) > 0;
  };
  wait_for([&] { return is_our_helper(pid, database_) || reported(); }, kStartTimeout);
  write_file_atomically(paths_.pid_file(), std::to_string(pid) + "\n");
  starting_ = Starting{pid, std::move(ready_read), false};
}

void DnsHelper::stop() {
  // One still starting holds SIGTERM pending until it serves, then stops.
  {
    std::lock_guard lock(starting_mutex_);
    starting_.reset();
  }
  auto pid = running();
  if (pid) {
    ::kill(*pid, SIGTERM);
    if (!wait_for([&] { return is_zombie_or_gone(*pid); }, kStopGrace)) {
      log::warn("the DNS helper (pid {}) ignored SIGTERM; killing it", *pid);
      if (is_our_helper(*pid, database_)) ::kill(*pid, SIGKILL);
      wait_for([&] { return is_zombie_or_gone(*pid); }, kStopGrace);
    }
  }
  std::error_code ignored;
  std::filesystem::remove(paths_.pid_file(), ignored);
}

}  // namespace berth::network
