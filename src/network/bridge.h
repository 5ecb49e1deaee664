#pragma once

#include <optional>
#include <string>

#include "network/ipv4.h"
#include "network/links.h"
#include "network/rtnl_socket.h"

namespace berth::network {

struct BridgeConfig {
  std::string name;
  MacAddress mac;
  std::optional<uint32_t> mtu;
  Ipv4Subnet gateway;  // the bridge's own address with the network's prefix length
  bool internal = false;
};

// The host side of one network: a bridge, up, addressed as the gateway, with
// forwarding and loopback-DNAT enabled where the network needs them.
// Returns the bridge's interface index.
int create_bridge(RtnlSocket& host, const BridgeConfig& config);

// Deletes the bridge; refuses while containers are still attached to it.
// A bridge that is already gone is not an error (teardown after a crash).
void remove_bridge(RtnlSocket& host, const std::string& name);

}  // namespace berth::network
