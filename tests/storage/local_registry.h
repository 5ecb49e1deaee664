#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace berth::testing {

// Debian's docker-registry serving plain HTTP on a free port of `host` (an
// IPv4 address of the sandbox, loopback unless given), its storage under dir;
// stopped (by its pid) when this goes away.
class LocalRegistry {
 public:
  static constexpr const char* kBinary = "/usr/bin/docker-registry";

  explicit LocalRegistry(const std::filesystem::path& dir, std::string host = "127.0.0.1")
      : storage_(dir / "storage"), host_(std::move(host)) {
    port_ = free_port();
    std::filesystem::create_directories(storage_);
    auto config = dir / "config.yml";
    std::ofstream(config) << "version: 0.1\n"
                          << "log:\n  level: error\n"
                          << "storage:\n  filesystem:\n    rootdirectory: " << storage_.string()
                          << "\n"
                          << "http:\n  addr: " << host_ << ":" << port_ << "\n";
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::execl(kBinary, kBinary, "serve", config.c_str(), nullptr);
      ::_exit(127);
    }
    wait_until_listening();
  }
  LocalRegistry(const LocalRegistry&) = delete;
  LocalRegistry& operator=(const LocalRegistry&) = delete;
  ~LocalRegistry() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }

  std::string address() const { return host_ + ":" + std::to_string(port_); }
  // Where the registry keeps a blob's bytes (distribution's filesystem layout).
  std::filesystem::path blob_data(const std::string& digest) const {
    auto hex = digest.substr(7);
    return storage_ / "docker/registry/v2/blobs/sha256" / hex.substr(0, 2) / hex / "data";
  }

 private:
  sockaddr_in host_address(int port) const {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, host_.c_str(), &address.sin_addr);
    return address;
  }

  int free_port() const {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = host_address(0);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      throw std::runtime_error("finding a free port");
    ::close(fd);
    return ntohs(address.sin_port);
  }

  void wait_until_listening() const {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in address = host_address(port_);
      bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
      ::close(fd);
      if (up) return;
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) throw std::runtime_error("registry exited");
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("registry did not start listening");
  }

  std::filesystem::path storage_;
  std::string host_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace berth::testing
