#include "network/bridge.h"

#include <filesystem>

#include "network/addresses.h"
#include "network/sysctl.h"
#include "util/error.h"

namespace berth::network {

namespace {
void add_ipv6_gateway(RtnlSocket& host, int index, const BridgeConfig& config) {
  if (!std::filesystem::exists("/proc/sys/net/ipv6"))
    throw Error("enable_ipv6 needs IPv6, which this kernel has disabled (ipv6.disable=1)",
                config.name);
  write_net_sysctl("ipv6/conf/" + config.name + "/disable_ipv6", "0");
  // The gateway routes for its containers; router advertisements from
  // elsewhere must not reconfigure it.
  write_net_sysctl("ipv6/conf/" + config.name + "/accept_ra", "0");
  // Neighbour solicitations for forwarded packets go out from the bridge's
  // link-local address, and none at all while that is tentative: without
  // this, published IPv6 ports stay silent for the ~2 s of DAD after the
  // first container joins. The address comes from the bridge's own MAC.
  write_net_sysctl("ipv6/conf/" + config.name + "/accept_dad", "0");
  Addresses(host).add(index, *config.gateway6, config.name);
  if (!config.internal) write_net_sysctl("ipv6/conf/all/forwarding", "1");
}
}  // namespace

int create_bridge(RtnlSocket& host, const BridgeConfig& config) {
  Links links(host);
  links.create_bridge({config.name, config.mac, config.mtu});
  auto index = links.index_of(config.name);
  if (!index) throw Error("bridge vanished right after creation", config.name);
  Addresses(host).add(*index, config.gateway, config.name);
  // route_localnet lets DNAT send host 127.0.0.1 clients out of the bridge.
  write_net_sysctl("ipv4/conf/" + config.name + "/route_localnet", "1");
  if (!config.internal) write_net_sysctl("ipv4/ip_forward", "1");
  if (config.gateway6) add_ipv6_gateway(host, *index, config);
  return *index;
}

void retire_bridge(RtnlSocket& host, const std::string& name,
                   const std::string& leftover_port_prefix, uint32_t group) {
  Links links(host);
  auto index = links.index_of(name);
  if (!index) return;
  auto ports = links.ports_of(*index);
  std::vector<std::string> foreign;
  for (const auto& port : ports)
    if (!port.starts_with(leftover_port_prefix)) foreign.push_back(port);
  if (!foreign.empty())
    throw Error("network still has " + std::to_string(foreign.size()) +
                    " attached endpoint(s), e.g. " + foreign.front(),
                name);
  for (const auto& port : ports) links.set_group(port, group);
  links.set_group(name, group);
}

}  // namespace berth::network
