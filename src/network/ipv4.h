#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::network {

// An IPv4 address in host byte order, so arithmetic on it is plain integer math.
struct Ipv4Address {
  uint32_t value = 0;

  static Ipv4Address parse(std::string_view text);  // throws Error naming the text
  static std::optional<Ipv4Address> try_parse(std::string_view text);
  std::string to_string() const;
  uint32_t network_order() const;
  static Ipv4Address from_network_order(uint32_t raw);

  auto operator<=>(const Ipv4Address&) const = default;
};

// An IPv4 prefix such as 10.88.0.0/16; the address is kept as given, so
// "10.88.0.1/16" remembers the host part (network() drops it).
struct Ipv4Subnet {
  Ipv4Address address;
  int prefix_length = 32;

  static Ipv4Subnet parse(std::string_view text);  // "a.b.c.d/n" or a bare address (/32)
  std::string to_string() const;

  uint32_t mask() const;
  Ipv4Address network() const;
  Ipv4Address broadcast() const;
  uint64_t size() const;  // addresses in the prefix, network and broadcast included
  bool contains(Ipv4Address candidate) const;
  bool contains(const Ipv4Subnet& inner) const;
  bool overlaps(const Ipv4Subnet& other) const;
  // The n-th address counted from the network address (n = 1 is the first host).
  Ipv4Address at(uint64_t n) const;

  bool operator==(const Ipv4Subnet& other) const = default;
};

// The i-th subnet of `prefix_length` inside `pool`; nullopt past the end.
std::optional<Ipv4Subnet> nth_subnet(const Ipv4Subnet& pool, int prefix_length, uint64_t i);

}  // namespace berth::network
