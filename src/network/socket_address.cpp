#include "network/socket_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace berth::network {

SocketAddress SocketAddress::of(const IpAddress& address, uint16_t port) {
  SocketAddress out;
  if (const auto* v4 = std::get_if<Ipv4Address>(&address)) {
    auto* in = reinterpret_cast<sockaddr_in*>(&out.storage);
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    in->sin_addr.s_addr = v4->network_order();
    out.length = sizeof(sockaddr_in);
  } else {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    std::memcpy(in6->sin6_addr.s6_addr, std::get<Ipv6Address>(address).bytes.data(), 16);
    out.length = sizeof(sockaddr_in6);
  }
  return out;
}

IpAddress SocketAddress::ip() const {
  if (family() == AF_INET)
    return Ipv4Address::from_network_order(
        reinterpret_cast<const sockaddr_in*>(&storage)->sin_addr.s_addr);
  Ipv6Address address;
  std::memcpy(address.bytes.data(),
              reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_addr.s6_addr, 16);
  return address;
}

}  // namespace berth::network
