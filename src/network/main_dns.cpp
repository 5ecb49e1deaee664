// berth-dns: the DNS responder of one state root, started by NetworkManager
// with the first network and stopped with the last.
//   berth-dns --db <state db> --run-dir <run dir> [--upstream <ip[:port]>]... [--ready-fd <fd>]
//             [--detach]
// With --detach it first forks away from whoever spawned it, which waits only
// for that first process (berth spawns it without copying its own page tables).
// It reports "ok" (or why it failed) on the ready fd once it serves, and
// writes its pid file only then, so a pid file always means a working helper.
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <string>

#include "network/dns_server.h"
#include "util/error.h"
#include "util/log.h"

namespace {

using namespace berth;
using namespace berth::network;

struct Arguments {
  std::filesystem::path database;
  std::filesystem::path run_dir;
  std::vector<DnsUpstream> upstreams;
  int ready_fd = -1;
  bool detach = false;
};

Arguments parse_arguments(int argc, char** argv) {
  Arguments arguments;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--detach") {
      arguments.detach = true;
      continue;
    }
    if (i + 1 >= argc) throw Error("missing value", flag);
    std::string value = argv[++i];
    if (flag == "--db") {
      arguments.database = value;
    } else if (flag == "--run-dir") {
      arguments.run_dir = value;
    } else if (flag == "--upstream") {
      arguments.upstreams.push_back(parse_dns_upstream(value));
    } else if (flag == "--ready-fd") {
      arguments.ready_fd = std::stoi(value);
    } else {
      throw Error("unknown argument", flag);
    }
  }
  if (arguments.database.empty() || arguments.run_dir.empty())
    throw Error("usage: berth-dns --db <state db> --run-dir <run dir> [--upstream <ip[:port]>]...");
  return arguments;
}

void write_pid_file(const DnsPaths& paths) {
  auto temporary = paths.pid_file();
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << ::getpid() << '\n';
    if (!out.flush()) throw Error("cannot write", temporary.string());
  }
  std::filesystem::rename(temporary, paths.pid_file());
}

// Only our own pid file: a successor may already have written its own.
void remove_pid_file(const DnsPaths& paths) {
  std::ifstream in(paths.pid_file());
  pid_t pid = 0;
  if (in >> pid && pid == ::getpid()) std::filesystem::remove(paths.pid_file());
}

void report(int fd, const std::string& message) {
  if (fd < 0) return;
  (void)!::write(fd, message.data(), message.size());
  ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  log::init_from_environment();
  // Signals are read from a signalfd, so every thread must have them blocked.
  sigset_t blocked;
  sigemptyset(&blocked);
  for (int signal : {SIGHUP, SIGTERM, SIGINT}) sigaddset(&blocked, signal);
  pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  int ready_fd = -1;
  try {
    auto arguments = parse_arguments(argc, argv);
    if (arguments.detach && ::fork() != 0) ::_exit(0);  // before any thread exists
    ready_fd = arguments.ready_fd;
    if (ready_fd >= 0) ::fcntl(ready_fd, F_SETFD, FD_CLOEXEC);
    DnsPaths paths(arguments.run_dir);
    std::filesystem::create_directories(paths.dir);
    DnsServer server({arguments.database, paths, std::move(arguments.upstreams)});
    write_pid_file(paths);
    report(ready_fd, "ok");
    ready_fd = -1;
    server.run();
    remove_pid_file(paths);
  } catch (const std::exception& error) {
    log::error("berth-dns: {}", error.what());
    report(ready_fd, error.what());
    std::fflush(stderr);
    ::_exit(1);
  }
  // _exit, not return: TCP session threads may still run, and static
  // destructors must not pull anything from under them.
  std::fflush(stderr);
  ::_exit(0);
}
