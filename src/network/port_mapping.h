#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "network/ip_address.h"

namespace berth::network {

enum class Protocol : uint8_t { tcp = 6, udp = 17 };

Protocol parse_protocol(const std::string& text);  // "tcp" or "udp"
std::string to_string(Protocol protocol);

// One published port: host_ip:host_port/protocol → target:target_port, in the
// family of the target (the kernel cannot translate between families).
struct PortMapping {
  Protocol protocol = Protocol::tcp;
  std::optional<IpAddress> host_ip;  // unset: every host address of the family
  uint16_t host_port = 0;
  IpAddress target;
  uint16_t target_port = 0;

  bool ipv6() const { return is_ipv6(target); }
  // The host address as docker prints it: "0.0.0.0" or "::" for every address.
  std::string host_ip_text() const;
  std::string describe() const;  // "127.0.0.1:8080/tcp", "[::]:8080/tcp"
};

// Whether two mappings would take the same packets: one protocol, port and
// family, and the same host address or either on every address.
bool overlap(const PortMapping& a, const PortMapping& b);

}  // namespace berth::network
