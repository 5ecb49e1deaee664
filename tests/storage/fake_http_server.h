#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace berth::testing {

struct FakeRequest {
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // names lowercased
};

struct FakeResponse {
  int status = 200;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  // Send only this many body bytes (after a full Content-Length), then hang up.
  std::size_t cut_after = std::string::npos;
};

// A one-connection-at-a-time HTTP/1.1 server on a free loopback port, for
// driving a client through auth challenges and dropped connections. Requests
// that do not parse (a TLS hello, say) are dropped.
class FakeHttpServer {
 public:
  using Handler = std::function<FakeResponse(const FakeRequest&)>;

  explicit FakeHttpServer(Handler handler) : handler_(std::move(handler)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      throw std::runtime_error("fake server: cannot listen");
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;
  ~FakeHttpServer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::vector<FakeRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (!stopping_) {
      int connection = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (connection < 0) return;
      handle(connection);
      ::close(connection);
    }
  }

  void handle(int connection) {
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(connection, buffer, sizeof buffer, 0);
      if (n <= 0 || head.size() > 65536) return;
      head.append(buffer, static_cast<std::size_t>(n));
      if (!head.starts_with("G")) return;  // not HTTP (a TLS hello): hang up at once
    }
    if (!head.starts_with("GET ")) return;
    FakeRequest request;
    auto line_end = head.find("\r\n");
    auto first_line = head.substr(4, line_end - 4);
    request.target = first_line.substr(0, first_line.find(' '));
    std::size_t at = line_end + 2;
    while (true) {
      auto end = head.find("\r\n", at);
      if (end == at || end == std::string::npos) break;
      auto line = head.substr(at, end - at);
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        auto name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        request.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
      }
      at = end + 2;
    }
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    auto response = handler_(request);
    std::string out = "HTTP/1.1 " + std::to_string(response.status) + " X\r\n";
    for (const auto& header : response.headers) out += header + "\r\n";
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    out += response.body.substr(0, response.cut_after);
    std::size_t sent = 0;
    while (sent < out.size()) {
      ssize_t n = ::send(connection, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<FakeRequest> requests_;
};

}  // namespace berth::testing
