#include "network/ip_address.h"

#include "util/error.h"

namespace berth::network {

IpAddress parse_ip_address(std::string_view text) {
  if (auto v4 = Ipv4Address::try_parse(text)) return *v4;
  if (auto v6 = Ipv6Address::try_parse(text)) return *v6;
  throw Error("not an IP address", std::string(text));
}

std::string to_string(const IpAddress& address) {
  return std::visit([](const auto& value) { return value.to_string(); }, address);
}

}  // namespace berth::network
