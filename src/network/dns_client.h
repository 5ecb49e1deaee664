#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "network/ip_address.h"

namespace berth::network {

struct DnsAnswer {
  uint8_t rcode = 0;
  bool truncated = false;
  std::vector<Ipv4Address> addresses;   // A records, in the order given
  std::vector<Ipv6Address> addresses6;  // AAAA records, in the order given
  std::vector<std::string> names;       // PTR and CNAME targets
};

// A minimal stub resolver: one question to one server, over UDP or TCP, from
// the calling thread's network namespace. Nullopt when no valid answer came
// in time. Tests and benchmarks use it to ask berth-dns from inside a netns.
std::optional<DnsAnswer> query_dns(const IpAddress& server, uint16_t port, std::string_view name,
                                   uint16_t type, bool tcp, std::chrono::milliseconds timeout);

}  // namespace berth::network
