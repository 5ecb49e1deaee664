#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "network/ipv4.h"

namespace berth::network {

enum class Protocol : uint8_t { tcp = 6, udp = 17 };

Protocol parse_protocol(const std::string& text);  // "tcp" or "udp"
std::string to_string(Protocol protocol);

// One published port: host_ip:host_port/protocol → target:target_port.
struct PortMapping {
  Protocol protocol = Protocol::tcp;
  std::optional<Ipv4Address> host_ip;  // unset: every host address (0.0.0.0)
  uint16_t host_port = 0;
  Ipv4Address target;
  uint16_t target_port = 0;

  std::string describe() const;  // "127.0.0.1:8080/tcp"
};

}  // namespace berth::network
