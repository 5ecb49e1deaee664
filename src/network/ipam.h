#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "network/ipv4.h"

namespace berth::network {

// Where automatically allocated networks come from: `base` cut into subnets
// of `prefix_length` (docker's default-address-pools, in spirit).
struct AddressPool {
  Ipv4Subnet base = Ipv4Subnet::parse("10.89.0.0/16");
  int prefix_length = 24;
};

// The first subnet of the pool that overlaps none of `taken` (host routes and
// addresses, other berth networks); throws when the pool is exhausted.
Ipv4Subnet choose_subnet(const AddressPool& pool, const std::vector<Ipv4Subnet>& taken);

// The first of `taken` that overlaps `subnet`, if any.
std::optional<Ipv4Subnet> first_overlap(const Ipv4Subnet& subnet,
                                        const std::vector<Ipv4Subnet>& taken);

// The addressing of one network, validated: the gateway and range lie inside
// the subnet and the gateway is a host address.
struct SubnetPlan {
  Ipv4Subnet subnet;  // network address form, e.g. 10.89.3.0/24
  Ipv4Address gateway;
  std::optional<Ipv4Subnet> ip_range;  // containers draw addresses from here only
};

SubnetPlan plan_subnet(const Ipv4Subnet& subnet, std::optional<Ipv4Address> gateway,
                       std::optional<Ipv4Subnet> ip_range);

// The lowest free container address of the plan; throws when none is left.
Ipv4Address choose_address(const SubnetPlan& plan, const std::set<Ipv4Address>& used);

// Checks that an explicitly requested address can be given to a container.
void check_requested_address(const SubnetPlan& plan, Ipv4Address requested,
                             const std::set<Ipv4Address>& used);

}  // namespace berth::network
