#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::network {

// An IPv6 address as its 16 bytes in network order, which also orders it.
struct Ipv6Address {
  std::array<uint8_t, 16> bytes{};

  static Ipv6Address parse(std::string_view text);  // throws Error naming the text
  static std::optional<Ipv6Address> try_parse(std::string_view text);
  std::string to_string() const;  // RFC 5952 form, as inet_ntop writes it

  auto operator<=>(const Ipv6Address&) const = default;
};

// An IPv6 prefix such as fd00:1::/64, with the address kept as given.
struct Ipv6Subnet {
  Ipv6Address address;
  int prefix_length = 128;

  static Ipv6Subnet parse(std::string_view text);  // "addr/n" or a bare address (/128)
  std::string to_string() const;

  Ipv6Address network() const;
  // Addresses in the prefix, saturated at UINT64_MAX: no allocation walks further.
  uint64_t size() const;
  bool contains(const Ipv6Address& candidate) const;
  bool contains(const Ipv6Subnet& inner) const;
  bool overlaps(const Ipv6Subnet& other) const;
  // The n-th address counted from the network address.
  Ipv6Address at(uint64_t n) const;
  // The first address after the prefix; nullopt at the top of the space.
  std::optional<Ipv6Address> past_end() const;

  bool operator==(const Ipv6Subnet& other) const = default;
};

// The i-th subnet of `prefix_length` inside `pool`; nullopt past the end.
std::optional<Ipv6Subnet> nth_subnet(const Ipv6Subnet& pool, int prefix_length, uint64_t i);

}  // namespace berth::network
