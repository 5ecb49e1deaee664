#pragma once

#include <optional>
#include <string>

#include "network/ipv4.h"
#include "network/ipv6.h"
#include "network/links.h"
#include "network/rtnl_socket.h"
#include "util/namespace_fd.h"

namespace berth::network {

struct EndpointConfig {
  std::string bridge;
  std::string host_veth;  // berth-named, in the host namespace
  std::string container_iface = "eth0";
  Ipv4Subnet address;                  // container address with the network's prefix
  std::optional<Ipv4Address> gateway;  // default route; unset for secondary networks
  std::optional<Ipv6Subnet> address6;  // on a dual-stack network
  std::optional<Ipv6Address> gateway6;
  std::optional<MacAddress> mac;
  std::optional<uint32_t> mtu;
};

// Wires a container's pinned network namespace to a bridge: the veth pair (its
// container end created inside the namespace), hairpin on the bridge port, lo
// up, the address and the default route.
void attach_endpoint(RtnlSocket& host, const NamespaceFd& container_netns,
                     const EndpointConfig& config);

// Sets lo up in a namespace that joins no network (network_mode: none).
void bring_up_loopback(const NamespaceFd& netns);

// Deletes the pair through its host end; gone already is fine.
void detach_endpoint(RtnlSocket& host, const std::string& host_veth);

}  // namespace berth::network
