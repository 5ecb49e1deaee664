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

void remove_bridge(RtnlSocket& host, const std::string& name) {
  Links links(host);
  auto index = links.index_of(name);
  if (!index) return;
  int ports = links.count_ports(*index);
  if (ports > 0)
    throw Error("network still has " + std::to_string(ports) + " attached endpoint(s)", name);
  links.remove(name);
}

}  // namespace berth::network
