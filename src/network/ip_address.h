#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "network/ipv4.h"
#include "network/ipv6.h"

namespace berth::network {

// An address of either family, where one value may be either (a published
// port's host address or target).
using IpAddress = std::variant<Ipv4Address, Ipv6Address>;

IpAddress parse_ip_address(std::string_view text);  // throws Error naming the text
std::string to_string(const IpAddress& address);
inline bool is_ipv6(const IpAddress& address) {
  return std::holds_alternative<Ipv6Address>(address);
}

}  // namespace berth::network
