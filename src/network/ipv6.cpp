#include "network/ipv6.h"

#include <arpa/inet.h>

#include "network/prefix_length.h"
#include "util/error.h"

namespace berth::network {

namespace {
// 128-bit arithmetic for masks and offsets; the bytes stay the stored form.
using Uint128 = unsigned __int128;

Uint128 to_integer(const Ipv6Address& address) {
  Uint128 value = 0;
  for (uint8_t byte : address.bytes) value = (value << 8) | byte;
  return value;
}

Ipv6Address from_integer(Uint128 value) {
  Ipv6Address address;
  for (int i = 15; i >= 0; --i) {
    address.bytes[i] = static_cast<uint8_t>(value & 0xff);
    value >>= 8;
  }
  return address;
}

Uint128 mask_of(int prefix_length) {
  return prefix_length == 0 ? 0 : ~Uint128{0} << (128 - prefix_length);
}
}  // namespace

std::optional<Ipv6Address> Ipv6Address::try_parse(std::string_view text) {
  std::string copy(text);
  Ipv6Address address;
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) != 1) return std::nullopt;
  return address;
}

Ipv6Address Ipv6Address::parse(std::string_view text) {
  auto parsed = try_parse(text);
  if (!parsed) throw Error("not an IPv6 address", std::string(text));
  return *parsed;
}

std::string Ipv6Address::to_string() const {
  char text[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
  return text;
}

Ipv6Subnet Ipv6Subnet::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return {Ipv6Address::parse(text), 128};
  auto prefix = parse_prefix_length(text.substr(slash + 1), 128);
  auto address = Ipv6Address::try_parse(text.substr(0, slash));
  if (!address || !prefix) throw Error("not an IPv6 subnet (expected addr/n)", std::string(text));
  return {*address, *prefix};
}

std::string Ipv6Subnet::to_string() const {
  return address.to_string() + "/" + std::to_string(prefix_length);
}

Ipv6Address Ipv6Subnet::network() const {
  return from_integer(to_integer(address) & mask_of(prefix_length));
}

uint64_t Ipv6Subnet::size() const {
  int host_bits = 128 - prefix_length;
  return host_bits >= 64 ? UINT64_MAX : uint64_t{1} << host_bits;
}

bool Ipv6Subnet::contains(const Ipv6Address& candidate) const {
  Uint128 mask = mask_of(prefix_length);
  return (to_integer(candidate) & mask) == (to_integer(address) & mask);
}

bool Ipv6Subnet::contains(const Ipv6Subnet& inner) const {
  return inner.prefix_length >= prefix_length && contains(inner.network());
}

bool Ipv6Subnet::overlaps(const Ipv6Subnet& other) const {
  return contains(other) || other.contains(*this);
}

Ipv6Address Ipv6Subnet::at(uint64_t n) const { return from_integer(to_integer(network()) + n); }

std::optional<Ipv6Address> Ipv6Subnet::past_end() const {
  if (prefix_length == 0) return std::nullopt;
  Uint128 next = to_integer(network()) + (Uint128{1} << (128 - prefix_length));
  if (next == 0) return std::nullopt;
  return from_integer(next);
}

std::optional<Ipv6Subnet> nth_subnet(const Ipv6Subnet& pool, int prefix_length, uint64_t i) {
  if (prefix_length < pool.prefix_length || prefix_length > 128) return std::nullopt;
  int index_bits = prefix_length - pool.prefix_length;
  if (index_bits < 64 && i >= (uint64_t{1} << index_bits)) return std::nullopt;
  Uint128 step = Uint128{1} << (128 - prefix_length);
  return Ipv6Subnet{from_integer(to_integer(pool.network()) + step * i), prefix_length};
}

}  // namespace berth::network
