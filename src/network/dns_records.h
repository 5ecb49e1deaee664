#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "network/ip_address.h"

namespace berth::network {

// One container's address on one network, with the names it answers to there.
struct DnsEntry {
  int64_t network_id = 0;
  std::string network;  // e.g. "proj_default", for the "<name>.<network>" form
  std::string container;
  std::string service;
  std::vector<std::string> aliases;
  Ipv4Address address;
  bool internal = false;  // the network has no way out (compose `internal: true`)
  std::optional<Ipv6Address> address6 = std::nullopt;  // on a dual-stack network
};

// The names the DNS responder knows, scoped by who asks: a requester (found by
// its source address, IPv4 or, asking an IPv6 gateway, IPv6) sees the names of
// every container that shares one of its networks, under the addresses that
// container has on the shared network.
class DnsRecords {
 public:
  explicit DnsRecords(std::vector<DnsEntry> entries = {});

  // Every address `name` (any case; also "<name>.<network>") has for this
  // requester, sorted; empty when the name is unknown to it.
  std::vector<Ipv4Address> lookup(const IpAddress& requester, std::string_view name) const;
  // The same for AAAA: the IPv6 addresses, of the entries that have one.
  std::vector<Ipv6Address> lookup6(const IpAddress& requester, std::string_view name) const;
  // The container name at `target`, when the requester shares a network with it.
  std::optional<std::string> reverse(const IpAddress& requester, const IpAddress& target) const;
  // Whether other names may go upstream for this requester: not when all its
  // networks are internal, or DNS would be their way out. A source berth
  // does not know (the host itself) may.
  bool may_forward(const IpAddress& requester) const;

 private:
  // The entries with this address, in either family.
  const std::vector<size_t>& entries_at(const IpAddress& address) const;
  std::vector<int64_t> networks_of(const IpAddress& requester) const;
  // The entries among `candidates` that are on a network the requester shares:
  // the one place that scopes what a requester sees.
  std::vector<const DnsEntry*> visible(const IpAddress& requester,
                                       const std::vector<size_t>& candidates) const;

  std::vector<DnsEntry> entries_;
  std::unordered_map<std::string, std::vector<size_t>> by_name_;    // lower-case name
  std::unordered_map<uint32_t, std::vector<size_t>> by_address_;    // host order
  std::map<Ipv6Address, std::vector<size_t>> by_address6_;          // dual-stack entries only
  std::unordered_map<std::string, std::vector<int64_t>> networks_;  // per container
  std::unordered_map<int64_t, bool> internal_;                      // per network
};

// "4.3.2.1.in-addr.arpa" (any case) → 1.2.3.4; nullopt for anything else.
std::optional<Ipv4Address> parse_reverse_name(std::string_view name);
// "b.a.9.8.[…32 nibbles].ip6.arpa" (any case), lowest nibble first → the
// address; nullopt for anything else, a shorter (network) name included.
std::optional<Ipv6Address> parse_reverse_name6(std::string_view name);

}  // namespace berth::network
