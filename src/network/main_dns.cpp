// berth-dns: the DNS responder of one state root, started by NetworkManager
// with the first network and stopped with the last.
//   berth-dns --db <state db> --run-dir <run dir> [--upstream <ip[:port]>]... [--ready-fd <fd>]
// berth writes its pid file as it spawns it, with SIGHUP, SIGTERM and SIGINT
// blocked, so they wait for it to serve. It reports "ok" (or why it failed)
// on the ready fd once it serves, and removes the pid file when it ends.
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <optional>
#include <string>

#include "network/dns_server.h"
#include "util/atomic_file.h"
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
};

Arguments parse_arguments(int argc, char** argv) {
  Arguments arguments;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
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

// berth names the helper as it spawns it; a berth killed before that did not,
// so the helper names itself too once it serves (the same pid, or the file).
void write_pid_file(const DnsPaths& paths) {
  write_file_atomically(paths.pid_file(), std::to_string(::getpid()) + "\n");
}

// Only our own pid file: a successor may already have written its own.
void remove_pid_file(const DnsPaths& paths) {
  std::ifstream in(paths.pid_file());
  pid_t pid = 0;
  std::error_code ignored;
  if (in >> pid && pid == ::getpid()) std::filesystem::remove(paths.pid_file(), ignored);
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
  std::optional<DnsPaths> paths;
  try {
    auto arguments = parse_arguments(argc, argv);
    ready_fd = arguments.ready_fd;
    if (ready_fd >= 0) ::fcntl(ready_fd, F_SETFD, FD_CLOEXEC);
    paths.emplace(arguments.run_dir);
    std::filesystem::create_directories(paths->dir);
    DnsServer server({arguments.database, *paths, std::move(arguments.upstreams)});
    write_pid_file(*paths);
    report(ready_fd, "ok");
    ready_fd = -1;
    server.run();
    remove_pid_file(*paths);
  } catch (const std::exception& error) {
    log::error("berth-dns: {}", error.what());
    if (paths) remove_pid_file(*paths);
    report(ready_fd, error.what());
    std::fflush(stderr);
    ::_exit(1);
  }
  // _exit, not return: TCP session threads may still run, and static
  // destructors must not pull anything from under them.
  std::fflush(stderr);
  ::_exit(0);
}
