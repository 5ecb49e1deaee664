#pragma once

// Test stand-ins for containers: network namespaces pinned under the sandbox's
// private /run/netns, plus a tiny TCP server and client that run inside them.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/run_command.h"
#include "util/namespace_fd.h"
#include "util/scoped_netns_entry.h"

namespace berth::network::testing {

inline void must_run(const std::vector<std::string>& argv) {
  auto result = berth::testing::run_command(argv);
  if (result.status != 0) {
    std::string line;
    for (const auto& arg : argv) line += arg + " ";
    throw std::runtime_error(line + "failed: " + result.err);
  }
}

class ScratchNetns {
 public:
  explicit ScratchNetns(std::string name) : name_(std::move(name)) {
    must_run({"ip", "netns", "add", name_});
  }
  ~ScratchNetns() { berth::testing::run_command({"ip", "netns", "del", name_}); }
  ScratchNetns(const ScratchNetns&) = delete;
  ScratchNetns& operator=(const ScratchNetns&) = delete;

  std::string path() const { return "/run/netns/" + name_; }
  NamespaceFd fd() const { return NamespaceFd::open_path(path()); }
  // Runs a command inside the namespace; returns its exit status.
  int run(std::vector<std::string> argv) const {
    argv.insert(argv.begin(), {"ip", "netns", "exec", name_});
    return berth::testing::run_command(argv).status;
  }

 private:
  std::string name_;
};

inline sockaddr_in socket_address(const std::string& ip, uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  inet_pton(AF_INET, ip.c_str(), &address.sin_addr);
  return address;
}

// Answers every TCP connection with `reply` and closes it; runs in a child
// process inside the given namespace (or the current one) until destroyed.
class TcpServer {
 public:
  TcpServer(const NamespaceFd* netns, uint16_t port, std::string reply) {
    int ready[2];
    if (pipe(ready) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      close(ready[0]);
      serve(netns, port, reply, ready[1]);
    }
    close(ready[1]);
    char byte = 0;
    bool ok = read(ready[0], &byte, 1) == 1;
    close(ready[0]);
    if (!ok) throw std::runtime_error("test TCP server did not start");
  }
  ~TcpServer() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

 private:
  [[noreturn]] static void serve(const NamespaceFd* netns, uint16_t port, const std::string& reply,
                                 int ready) {
    if (netns) netns->enter();
    // Dual stack: one socket on :: takes IPv4 connections too.
    int listener = socket(AF_INET6, SOCK_STREAM, 0);
    int one = 1, zero = 0;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(listener, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(port);
    if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(listener, 64) != 0)
      _exit(1);
    (void)!write(ready, "x", 1);
    for (;;) {
      int connection = accept(listener, nullptr, nullptr);
      if (connection < 0) continue;
      (void)!write(connection, reply.data(), reply.size());
      close(connection);
    }
  }

  pid_t pid_;
};

// Connects from the given namespace (or the current one) and returns what the
// server sent, or nullopt when the connection failed or timed out.
inline std::optional<std::string> tcp_fetch(const NamespaceFd* netns, const std::string& ip,
                                            uint16_t port) {
  std::optional<ScopedNetnsEntry> entry;
  if (netns) entry.emplace(*netns);
  bool ipv6 = ip.find(':') != std::string::npos;
  int fd = socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  // Past TCP's first SYN retransmission (1 s): a SYN lost while a just-wired
  // link settles (a busy machine runs the kernel's link work late) is no failure.
  timeval timeout{2, 500000};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address = socket_address(ipv6 ? "0.0.0.0" : ip, port);
  sockaddr_in6 address6{};
  address6.sin6_family = AF_INET6;
  address6.sin6_port = htons(port);
  inet_pton(AF_INET6, ip.c_str(), &address6.sin6_addr);
  auto* target =
      ipv6 ? reinterpret_cast<sockaddr*>(&address6) : reinterpret_cast<sockaddr*>(&address);
  socklen_t length = ipv6 ? sizeof address6 : sizeof address;
  std::optional<std::string> reply;
  if (connect(fd, target, length) == 0) {
    char buffer[256];
    ssize_t length = read(fd, buffer, sizeof buffer);
    if (length >= 0) reply = std::string(buffer, static_cast<size_t>(length));
  }
  close(fd);
  return reply;
}

}  // namespace berth::network::testing
