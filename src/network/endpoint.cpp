#include "network/endpoint.h"

#include <net/if.h>

#include "network/addresses.h"
#include "util/error.h"

namespace berth::network {

namespace {
constexpr int kLoopbackIndex = 1;  // lo is always index 1 in a fresh namespace

void configure_container_side(const NamespaceFd& netns, const EndpointConfig& config) {
  RtnlSocket inside = RtnlSocket::in_namespace(netns);
  Links links(inside);
  links.set_up(kLoopbackIndex, "lo");
  auto index = links.index_of(config.container_iface);
  if (!index) throw Error("container interface missing after creation", config.container_iface);
  links.set_up(*index, config.container_iface);
  Addresses addresses(inside);
  addresses.add(*index, config.address, config.container_iface);
  if (config.gateway) addresses.add_default_route(*config.gateway, *index, config.container_iface);
  if (config.address6) addresses.add(*index, *config.address6, config.container_iface);
  if (config.gateway6)
    addresses.add_default_route(*config.gateway6, *index, config.container_iface);
}
}  // namespace

void bring_up_loopback(const NamespaceFd& netns) {
  RtnlSocket inside = RtnlSocket::in_namespace(netns);
  Links(inside).set_up(kLoopbackIndex, "lo");
}

void attach_endpoint(RtnlSocket& host, const NamespaceFd& container_netns,
                     const EndpointConfig& config) {
  Links links(host);
  auto bridge_index = links.index_of(config.bridge);
  if (!bridge_index) throw Error("network bridge does not exist", config.bridge);
  links.create_veth({config.host_veth, *bridge_index, config.container_iface, &container_netns,
                     config.mac, config.mtu});
  try {
    auto port_index = links.index_of(config.host_veth);
    if (!port_index) throw Error("veth vanished right after creation", config.host_veth);
    links.set_hairpin(*port_index, config.host_veth);
    configure_container_side(container_netns, config);
  } catch (...) {
    links.remove(config.host_veth);
    throw;
  }
}

void detach_endpoint(RtnlSocket& host, const std::string& host_veth) {
  Links links(host);
  if (links.index_of(host_veth)) links.remove(host_veth);
}

}  // namespace berth::network
