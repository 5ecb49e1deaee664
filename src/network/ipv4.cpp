#include "network/ipv4.h"

#include <arpa/inet.h>

#include "network/prefix_length.h"
#include "util/error.h"

namespace berth::network {

std::optional<Ipv4Address> Ipv4Address::try_parse(std::string_view text) {
  std::string copy(text);
  in_addr raw{};
  if (inet_pton(AF_INET, copy.c_str(), &raw) != 1) return std::nullopt;
  return from_network_order(raw.s_addr);
}

Ipv4Address Ipv4Address::parse(std::string_view text) {
  auto parsed = try_parse(text);
  if (!parsed) throw Error("not an IPv4 address", std::string(text));
  return *parsed;
}

std::string Ipv4Address::to_string() const {
  in_addr raw{network_order()};
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &raw, text, sizeof text);
  return text;
}

uint32_t Ipv4Address::network_order() const { return htonl(value); }
Ipv4Address Ipv4Address::from_network_order(uint32_t raw) { return {ntohl(raw)}; }

Ipv4Subnet Ipv4Subnet::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return {Ipv4Address::parse(text), 32};
  auto prefix = parse_prefix_length(text.substr(slash + 1), 32);
  auto address = Ipv4Address::try_parse(text.substr(0, slash));
  if (!address || !prefix)
    throw Error("not an IPv4 subnet (expected a.b.c.d/n)", std::string(text));
  return {*address, *prefix};
}

std::string Ipv4Subnet::to_string() const {
  return address.to_string() + "/" + std::to_string(prefix_length);
}

uint32_t Ipv4Subnet::mask() const {
  return prefix_length == 0 ? 0 : ~uint32_t{0} << (32 - prefix_length);
}
Ipv4Address Ipv4Subnet::network() const { return {address.value & mask()}; }
Ipv4Address Ipv4Subnet::broadcast() const { return {address.value | ~mask()}; }
uint64_t Ipv4Subnet::size() const { return uint64_t{1} << (32 - prefix_length); }

bool Ipv4Subnet::contains(Ipv4Address candidate) const {
  return (candidate.value & mask()) == network().value;
}

bool Ipv4Subnet::contains(const Ipv4Subnet& inner) const {
  return inner.prefix_length >= prefix_length && contains(inner.network());
}

bool Ipv4Subnet::overlaps(const Ipv4Subnet& other) const {
  return contains(other) || other.contains(*this);
}

Ipv4Address Ipv4Subnet::at(uint64_t n) const {
  return {static_cast<uint32_t>(network().value + n)};
}

std::optional<Ipv4Subnet> nth_subnet(const Ipv4Subnet& pool, int prefix_length, uint64_t i) {
  if (prefix_length < pool.prefix_length || prefix_length > 32) return std::nullopt;
  uint64_t count = uint64_t{1} << (prefix_length - pool.prefix_length);
  if (i >= count) return std::nullopt;
  uint64_t step = uint64_t{1} << (32 - prefix_length);
  return Ipv4Subnet{pool.at(i * step), prefix_length};
}

}  // namespace berth::network
