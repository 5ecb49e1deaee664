#include "network/ipam.h"

#include "util/error.h"

namespace berth::network {

template <typename Subnet>
std::optional<Subnet> first_overlap(const Subnet& subnet, const std::vector<Subnet>& taken) {
  for (const auto& other : taken)
    if (subnet.overlaps(other)) return other;
  return std::nullopt;
}

template <typename Subnet>
Subnet choose_subnet(const BasicAddressPool<Subnet>& pool, const std::vector<Subnet>& taken) {
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
// IPv4 keeps the network and broadcast addresses out; IPv6 has no broadcast
// and its first address is the subnet-router anycast address.
bool is_host_address(const Ipv4Subnet& subnet, Ipv4Address address) {
  if (!subnet.contains(address)) return false;
  if (subnet.prefix_length >= 31) return true;
  return address != subnet.network() && address != subnet.broadcast();
}

bool is_host_address(const Ipv6Subnet& subnet, const Ipv6Address& address) {
  if (!subnet.contains(address)) return false;
  return subnet.prefix_length >= 127 || address != subnet.network();
}
}  // namespace

template <typename Subnet>
BasicSubnetPlan<Subnet> plan_subnet(const Subnet& requested,
                                    std::optional<decltype(Subnet::address)> gateway,
                                    std::type_identity_t<std::optional<Subnet>> ip_range) {
  if (requested.prefix_length > longest_usable_prefix(requested))
    throw Error("subnet too small for a gateway and containers", requested.to_string());
  BasicSubnetPlan<Subnet> plan{{requested.network(), requested.prefix_length}, {}, ip_range};
  plan.gateway = gateway.value_or(plan.subnet.at(1));
  if (!is_host_address(plan.subnet, plan.gateway))
    throw Error("gateway " + plan.gateway.to_string() + " is not a host address of the subnet",
                plan.subnet.to_string());
  if (ip_range && !plan.subnet.contains(*ip_range))
    throw Error("ip_range " + ip_range->to_string() + " lies outside the subnet",
                plan.subnet.to_string());
  return plan;
}

template <typename Subnet>
decltype(Subnet::address) choose_address(const BasicSubnetPlan<Subnet>& plan,
                                         const std::set<decltype(Subnet::address)>& used) {
  const Subnet& pool = plan.ip_range.value_or(plan.subnet);
  for (uint64_t n = 0; n < pool.size(); ++n) {
    auto candidate = pool.at(n);
    if (is_host_address(plan.subnet, candidate) && candidate != plan.gateway &&
        !used.contains(candidate))
      return candidate;
  }
  throw Error("no free address left", pool.to_string());
}

template <typename Subnet>
void check_requested_address(const BasicSubnetPlan<Subnet>& plan,
                             const decltype(Subnet::address)& requested,
                             const std::set<decltype(Subnet::address)>& used) {
  if (!is_host_address(plan.subnet, requested))
    throw Error("address " + requested.to_string() + " is not a host address of the subnet",
                plan.subnet.to_string());
  if (requested == plan.gateway)
    throw Error("address " + requested.to_string() + " is the network's gateway",
                plan.subnet.to_string());
  if (used.contains(requested))
    throw Error("address " + requested.to_string() + " is already in use", plan.subnet.to_string());
}

#define BERTH_IPAM_FOR(Subnet)                                                                   \
  template std::optional<Subnet> first_overlap(const Subnet&, const std::vector<Subnet>&);       \
  template Subnet choose_subnet(const BasicAddressPool<Subnet>&, const std::vector<Subnet>&);    \
  template BasicSubnetPlan<Subnet> plan_subnet(                                                  \
      const Subnet&, std::optional<decltype(Subnet::address)>, std::optional<Subnet>);           \
  template decltype(Subnet::address) choose_address(const BasicSubnetPlan<Subnet>&,              \
                                                    const std::set<decltype(Subnet::address)>&); \
  template void check_requested_address(const BasicSubnetPlan<Subnet>&,                          \
                                        const decltype(Subnet::address)&,                        \
                                        const std::set<decltype(Subnet::address)>&);
BERTH_IPAM_FOR(Ipv4Subnet)
BERTH_IPAM_FOR(Ipv6Subnet)
#undef BERTH_IPAM_FOR

}  // namespace berth::network
