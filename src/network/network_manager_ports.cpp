#include "network/host_listeners.h"
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
  if (port.target_port == 0) throw Error("published port needs a container port", port.describe());
  return port;
}

namespace {
// Ports handed out when the user names none: the top of the ephemeral range,
// where outgoing connections rarely sit.
constexpr uint16_t kRandomPortFirst = 49153, kRandomPortLast = 65535;

std::optional<std::string> listener_owning(const PortMapping& port,
                                           const std::vector<HostListener>& listeners) {
  for (const auto& listener : listeners)
    if (clashes(port, listener))
      return "a host process listening on " +
             (listener.address ? listener.address->to_string() : std::string("*")) + ":" +
             std::to_string(listener.port);
  return std::nullopt;
}
}  // namespace

std::optional<std::string> NetworkManager::port_taken(const PortMapping& port,
                                                      const std::vector<PortMapping>& pending,
                                                      const std::vector<HostListener>& listeners) {
  if (auto owner = store_.port_owner(port)) return "container " + *owner;
  for (const auto& other : pending)
    if (other.protocol == port.protocol && other.host_port == port.host_port &&
        (!other.host_ip || !port.host_ip || *other.host_ip == *port.host_ip))
      return std::string("another port of the same request");
  return listener_owning(port, listeners);
}

void NetworkManager::assign_host_port(PortMapping& port, const std::vector<PortMapping>& pending,
                                      const std::vector<HostListener>& listeners) {
  if (port.host_port != 0) {
    if (auto owner = port_taken(port, pending, listeners))
      throw Error("host port " + port.describe() + " is already in use by " + *owner);
    return;
  }
  for (uint32_t candidate = kRandomPortFirst; candidate <= kRandomPortLast; ++candidate) {
    port.host_port = static_cast<uint16_t>(candidate);
    if (!port_taken(port, pending, listeners)) return;
  }
  throw Error("no free host port left for", port.describe());
}

std::vector<PortMapping> NetworkManager::publish(const std::string& container,
                                                 const std::vector<PublishSpec>& specs) {
  state::GlobalLock lock(state_.locations());
  std::vector<PortMapping> ports;
  auto listeners = host_listeners();
  for (const auto& spec : specs) {
    PortMapping port = resolve(container, spec);
    try {
      assign_host_port(port, ports, listeners);
    } catch (const Error& error) {
      throw error.with_context("publishing ports of " + container);
    }
    ports.push_back(port);
  }
  state::Transaction transaction(state_.db());
  for (const auto& port : ports) store_.insert_port(container, port);
  try {
    firewall_.publish(ports);
  } catch (const Error&) {
    // No row owns these ports: elements the kernel still holds for them were
    // left by a berth killed between publishing and committing.
    for (const auto& port : ports) {
      try {
        firewall_.unpublish({port});
      } catch (const Error&) {
        continue;  // not a leftover
      }
    }
    firewall_.publish(ports);
  }
  try {
    transaction.commit();
  } catch (...) {
    firewall_.unpublish(ports);
    throw;
  }
  return ports;
}

}  // namespace berth::network
