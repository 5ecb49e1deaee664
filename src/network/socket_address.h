#pragma once

#include <sys/socket.h>

#include <cstdint>

#include "network/ip_address.h"

namespace berth::network {

// An address and port of either family, in the form bind, connect, sendto and
// recvfrom take and give.
struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;  // what recvfrom and accept may fill

  static SocketAddress of(const IpAddress& address, uint16_t port);

  int family() const { return storage.ss_family; }
  IpAddress ip() const;  // of an AF_INET or AF_INET6 address
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  sockaddr* get() { return reinterpret_cast<sockaddr*>(&storage); }
};

}  // namespace berth::network
