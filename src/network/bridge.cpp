#include "network/bridge.h"

#include "network/addresses.h"
#include "network/sysctl.h"
#include "util/error.h"

namespace berth::network {

int create_bridge(RtnlSocket& host, const BridgeConfig& config) {
  Links links(host);
  links.create_bridge({config.name, config.mac, config.mtu});
  auto index = links.index_of(config.name);
  if (!index) throw Error("bridge vanished right after creation", config.name);
  Addresses(host).add(*index, config.gateway, config.name);
  // route_localnet lets DNAT send host 127.0.0.1 clients out of the bridge.
  write_net_sysctl("ipv4/conf/" + config.name + "/route_localnet", "1");
  if (!config.internal) write_net_sysctl("ipv4/ip_forward", "1");
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
