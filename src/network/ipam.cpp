#include "network/ipam.h"

#include "util/error.h"

namespace berth::network {

std::optional<Ipv4Subnet> first_overlap(const Ipv4Subnet& subnet,
                                        const std::vector<Ipv4Subnet>& taken) {
  for (const auto& other : taken)
    if (subnet.overlaps(other)) return other;
  return std::nullopt;
}

Ipv4Subnet choose_subnet(const AddressPool& pool, const std::vector<Ipv4Subnet>& taken) {
  for (uint64_t i = 0;; ++i) {
    auto candidate = nth_subnet(pool.base, pool.prefix_length, i);
    if (!candidate)
      throw Error("address pool exhausted: every /" + std::to_string(pool.prefix_length) +
                      " is used by the host or another network",
                  pool.base.to_string());
    if (!first_overlap(*candidate, taken)) return *candidate;
  }
}

namespace {
bool is_host_address(const Ipv4Subnet& subnet, Ipv4Address address) {
  if (!subnet.contains(address)) return false;
  if (subnet.prefix_length >= 31) return true;
  return address != subnet.network() && address != subnet.broadcast();
}
}  // namespace

SubnetPlan plan_subnet(const Ipv4Subnet& requested, std::optional<Ipv4Address> gateway,
                       std::optional<Ipv4Subnet> ip_range) {
  if (requested.prefix_length > 30)
    throw Error("subnet too small for a gateway and containers", requested.to_string());
  SubnetPlan plan{{requested.network(), requested.prefix_length}, {}, ip_range};
  plan.gateway = gateway.value_or(plan.subnet.at(1));
  if (!is_host_address(plan.subnet, plan.gateway))
    throw Error("gateway " + plan.gateway.to_string() + " is not a host address of the subnet",
                plan.subnet.to_string());
  if (ip_range && !plan.subnet.contains(*ip_range))
    throw Error("ip_range " + ip_range->to_string() + " lies outside the subnet",
                plan.subnet.to_string());
  return plan;
}

Ipv4Address choose_address(const SubnetPlan& plan, const std::set<Ipv4Address>& used) {
  const Ipv4Subnet& pool = plan.ip_range.value_or(plan.subnet);
  for (uint64_t n = 0; n < pool.size(); ++n) {
    Ipv4Address candidate = pool.at(n);
    if (is_host_address(plan.subnet, candidate) && candidate != plan.gateway &&
        !used.contains(candidate))
      return candidate;
  }
  throw Error("no free address left", pool.to_string());
}

void check_requested_address(const SubnetPlan& plan, Ipv4Address requested,
                             const std::set<Ipv4Address>& used) {
  if (!is_host_address(plan.subnet, requested))
    throw Error("address " + requested.to_string() + " is not a host address of the subnet",
                plan.subnet.to_string());
  if (requested == plan.gateway)
    throw Error("address " + requested.to_string() + " is the network's gateway",
                plan.subnet.to_string());
  if (used.contains(requested))
    throw Error("address " + requested.to_string() + " is already in use", plan.subnet.to_string());
}

}  // namespace berth::network
