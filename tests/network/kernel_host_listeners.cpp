#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "network/host_listeners.h"
#include "util/unique_fd.h"

namespace berth::network {
namespace {

UniqueFd bound_socket(int family, int type, const char* address, uint16_t port) {
  UniqueFd socket(::socket(family, type | SOCK_CLOEXEC, 0));
  int one = 1;
  ::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage storage{};
  socklen_t length;
  if (family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&storage);
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    inet_pton(AF_INET, address, &in->sin_addr);
    length = sizeof(sockaddr_in);
  } else {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    inet_pton(AF_INET6, address, &in6->sin6_addr);
    length = sizeof(sockaddr_in6);
  }
  if (::bind(socket.get(), reinterpret_cast<sockaddr*>(&storage), length) != 0)
    throw std::runtime_error("bind failed");
  if (type == SOCK_STREAM && ::listen(socket.get(), 4) != 0)
    throw std::runtime_error("listen failed");
  return socket;
}

bool found(const std::vector<HostListener>& listeners, Protocol protocol,
           const std::string& address, uint16_t port) {
  return std::any_of(listeners.begin(), listeners.end(), [&](const HostListener& listener) {
    std::string text = listener.address ? to_string(*listener.address) : "*";
    return listener.protocol == protocol && text == address && listener.port == port;
  });
}

std::vector<HostListener> proc_table(const char* name, Protocol protocol, bool ipv6) {
  std::ifstream file(std::string("/proc/thread-self/net/") + name);
  std::stringstream content;
  content << file.rdbuf();
  return parse_proc_net_table(content.str(), protocol, ipv6);
}

// The sandbox's own network namespace: its loopback only.
TEST(HostListeners, FindsListenersAndBoundUdpSocketsButNotConnections) {
  auto tcp4 = bound_socket(AF_INET, SOCK_STREAM, "127.0.0.1", 18501);
  auto tcp6 = bound_socket(AF_INET6, SOCK_STREAM, "::", 18502);
  auto udp4 = bound_socket(AF_INET, SOCK_DGRAM, "0.0.0.0", 18503);
  // A connection's ends own ports too, but only listeners refuse a publish.
  UniqueFd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(18501);
  inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_port = htons(18504);
  inet_pton(AF_INET, "127.0.0.1", &local.sin_addr);
  ASSERT_EQ(::bind(client.get(), reinterpret_cast<sockaddr*>(&local), sizeof local), 0);
  ASSERT_EQ(::connect(client.get(), reinterpret_cast<sockaddr*>(&server), sizeof server), 0);

  auto listeners = host_listeners();
  EXPECT_TRUE(found(listeners, Protocol::tcp, "127.0.0.1", 18501));
  EXPECT_TRUE(found(listeners, Protocol::tcp, "*", 18502));
  EXPECT_TRUE(found(listeners, Protocol::udp, "*", 18503));
  EXPECT_FALSE(found(listeners, Protocol::tcp, "127.0.0.1", 18504));
  EXPECT_FALSE(found(listeners, Protocol::udp, "*", 18501));

  // The same set as the /proc tables give.
  std::vector<HostListener> from_proc;
  for (auto [name, protocol, ipv6] :
       {std::tuple{"tcp", Protocol::tcp, false}, std::tuple{"tcp6", Protocol::tcp, true},
        std::tuple{"udp", Protocol::udp, false}, std::tuple{"udp6", Protocol::udp, true}}) {
    auto table = proc_table(name, protocol, ipv6);
    from_proc.insert(from_proc.end(), table.begin(), table.end());
  }
  EXPECT_EQ(listeners.size(), from_proc.size());
  for (const auto& listener : from_proc)
    EXPECT_TRUE(found(listeners, listener.protocol,
                      listener.address ? to_string(*listener.address) : "*", listener.port));
}

}  // namespace
}  // namespace berth::network
