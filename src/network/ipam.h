#pragma once

#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "network/ipv4.h"
#include "network/ipv6.h"

namespace berth::network {

// Where automatically allocated networks come from: `base` cut into subnets
// of `prefix_length` (docker's default-address-pools, in spirit).
template <typename Subnet>
struct BasicAddressPool {
  Subnet base;
  int prefix_length;
};
using AddressPool = BasicAddressPool<Ipv4Subnet>;
using AddressPool6 = BasicAddressPool<Ipv6Subnet>;

inline AddressPool default_address_pool() { return {Ipv4Subnet::parse("10.89.0.0/16"), 24}; }
// A unique local prefix (RFC 4193) cut into /64s, as docker does for IPv6
// networks that name no subnet.
inline AddressPool6 default_address_pool6() {
  return {Ipv6Subnet::parse("fd6b:6572:7468::/48"), 64};
}

// The longest prefix that still has room for a gateway and a container.
inline int longest_usable_prefix(const Ipv4Subnet&) { return 30; }
inline int longest_usable_prefix(const Ipv6Subnet&) { return 126; }

// The first subnet of the pool that overlaps none of `taken` (host routes and
// addresses, other berth networks); throws when the pool is exhausted.
template <typename Subnet>
Subnet choose_subnet(const BasicAddressPool<Subnet>& pool, const std::vector<Subnet>& taken);

// The first of `taken` that overlaps `subnet`, if any.
template <typename Subnet>
std::optional<Subnet> first_overlap(const Subnet& subnet, const std::vector<Subnet>& taken);

// The addressing of one network in one family, validated: the gateway and
// range lie inside the subnet and the gateway is a host address.
template <typename Subnet>
struct BasicSubnetPlan {
  using Address = decltype(Subnet::address);
  Subnet subnet;  // network address form, e.g. 10.89.3.0/24
  Address gateway;
  std::optional<Subnet> ip_range;  // containers draw addresses from here only
};
using SubnetPlan = BasicSubnetPlan<Ipv4Subnet>;
using SubnetPlan6 = BasicSubnetPlan<Ipv6Subnet>;

template <typename Subnet>
BasicSubnetPlan<Subnet> plan_subnet(const Subnet& subnet,
                                    std::optional<decltype(Subnet::address)> gateway,
                                    std::type_identity_t<std::optional<Subnet>> ip_range);

// The lowest free container address of the plan; throws when none is left.
template <typename Subnet>
decltype(Subnet::address) choose_address(const BasicSubnetPlan<Subnet>& plan,
                                         const std::set<decltype(Subnet::address)>& used);

// Checks that an explicitly requested address can be given to a container.
template <typename Subnet>
void check_requested_address(const BasicSubnetPlan<Subnet>& plan,
                             const decltype(Subnet::address)& requested,
                             const std::set<decltype(Subnet::address)>& used);

}  // namespace berth::network
