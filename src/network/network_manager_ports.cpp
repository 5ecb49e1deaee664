#include "network/network_manager.h"
#include "state/global_lock.h"
#include "util/error.h"

namespace berth::network {

PortMapping NetworkManager::resolve(const std::string& container, const PublishSpec& spec) {
  auto endpoints = store_.endpoints_of_container(container);
  if (endpoints.empty()) throw Error("container is not attached to any network", container);
  PortMapping port;
  port.protocol = parse_protocol(spec.protocol);
  if (spec.host_ip && *spec.host_ip != "0.0.0.0") port.host_ip = Ipv4Address::parse(*spec.host_ip);
  port.host_port = spec.host_port;
  port.target = endpoints.front().ipv4;
  port.target_port = spec.container_port;
  if (port.host_port == 0 || port.target_port == 0)
    throw Error("published port needs a host port and a container port", port.describe());
  return port;
}

std::vector<PortMapping> NetworkManager::publish(const std::string& container,
                                                 const std::vector<PublishSpec>& specs) {
  state::GlobalLock lock(state_.locations());
  std::vector<PortMapping> ports;
  for (const auto& spec : specs) {
    PortMapping port = resolve(container, spec);
    if (auto owner = store_.port_owner(port))
      throw Error("host port " + port.describe() + " is already published by " + *owner, container);
    ports.push_back(port);
  }
  state::Transaction transaction(state_.db());
  for (const auto& port : ports) store_.insert_port(container, port);
  firewall_.publish(ports);
  try {
    transaction.commit();
  } catch (...) {
    firewall_.unpublish(ports);
    throw;
  }
  return ports;
}

}  // namespace berth::network
