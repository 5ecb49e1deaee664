#include "support/http_get.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace berth::testing {

namespace {
struct Socket {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
};

bool send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}
}  // namespace

std::optional<std::string> http_get(const std::string& address, uint16_t port,
                                    const std::string& path) {
  Socket socket;
  if (socket.fd < 0) return std::nullopt;
  timeval timeout{10, 0};
  ::setsockopt(socket.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(socket.fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in peer{};
  peer.sin_family = AF_INET;
  peer.sin_port = htons(port);
  if (::inet_pton(AF_INET, address.c_str(), &peer.sin_addr) != 1) return std::nullopt;
  if (::connect(socket.fd, reinterpret_cast<sockaddr*>(&peer), sizeof peer) != 0)
    return std::nullopt;
  if (!send_all(socket.fd, "GET " + path + " HTTP/1.0\r\nHost: " + address + "\r\n\r\n"))
    return std::nullopt;
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(socket.fd, buffer, sizeof buffer, 0)) > 0;)
    response.append(buffer, static_cast<size_t>(n));
  if (response.rfind("HTTP/1.", 0) != 0) return std::nullopt;
  if (response.find(" 200 ") > response.find('\n')) return std::nullopt;
  // CGI scripts end their headers with bare newlines, servers with CRLF.
  auto crlf = response.find("\r\n\r\n");
  auto lf = response.find("\n\n");
  if (crlf == std::string::npos && lf == std::string::npos) return std::nullopt;
  return crlf < lf ? response.substr(crlf + 4) : response.substr(lf + 2);
}

std::optional<std::string> http_get_when_listening(const std::string& address, uint16_t port,
                                                   const std::string& path) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    auto body = http_get(address, port, path);
    if (body || std::chrono::steady_clock::now() > deadline) return body;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace berth::testing
