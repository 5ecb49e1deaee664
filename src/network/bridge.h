#pragma once

#include <optional>
#include <string>

#include "network/ipv4.h"
#include "network/ipv6.h"
#include "network/links.h"
#include "network/rtnl_socket.h"

namespace berth::network {

struct BridgeConfig {
  std::string name;
  MacAddress mac;
  std::optional<uint32_t> mtu;
  Ipv4Subnet gateway;                  // the bridge's own address with the network's prefix length
  std::optional<Ipv6Subnet> gateway6;  // the same on a dual-stack network
  bool internal = false;
};

// The host side of one network: a bridge, up, addressed as the gateway, with
// forwarding and loopback-DNAT enabled where the network needs them.
// Returns the bridge's interface index.
int create_bridge(RtnlSocket& host, const BridgeConfig& config);

// Moves the bridge into `group`, for one Links::remove_group with everything
// else being removed. Ports named with `leftover_port_prefix` are berth's veths
// that no endpoint owns any more (an attach killed before its commit, or a
// container's namespace the kernel has not finished destroying): they go with
// it. Any other port makes it refuse. A bridge already gone is not an error
// (teardown after a crash).
void retire_bridge(RtnlSocket& host, const std::string& name,
                   const std::string& leftover_port_prefix, uint32_t group);

}  // namespace berth::network
