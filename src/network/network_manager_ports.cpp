#include "network/host_listeners.h"
#include "network/network_manager.h"
#include "state/global_lock.h"
#include "util/error.h"

namespace berth::network {

namespace {
// Which families a published port covers, from its host address: unset means
// both (where the container has an IPv6 address), "0.0.0.0" and "::" one each.
struct Families {
  bool ipv4 = true, ipv6 = true;
  std::optional<IpAddress> host_ip;
};

Families families_of(const std::optional<std::string>& host_ip) {
  if (!host_ip) return {};
  if (*host_ip == "0.0.0.0") return {true, false, std::nullopt};
  if (*host_ip == "::") return {false, true, std::nullopt};
  IpAddress address = parse_ip_address(*host_ip);
  if (address == IpAddress{Ipv6Address::parse("::1")})
    throw Error(
        "publishing on ::1 needs a userland proxy, which berth does not run (the kernel "
        "cannot forward IPv6 loopback); publish on 127.0.0.1 or ::",
        *host_ip);
  return {!is_ipv6(address), is_ipv6(address), address};
}
}  // namespace

std::vector<PortMapping> NetworkManager::resolve(const std::string& container,
                                                 const PublishSpec& spec) {
  auto endpoints = store_.endpoints_of_container(container);
  if (endpoints.empty()) throw Error("container is not attached to any network", container);
  if (spec.container_port == 0)
    throw Error("published port needs a container port", std::to_string(spec.host_port));
  Families families = families_of(spec.host_ip);
  const EndpointRecord& first = endpoints.front();
  PortMapping port{parse_protocol(spec.protocol), families.host_ip, spec.host_port, first.ipv4,
                   spec.container_port};
  std::vector<PortMapping> group;
  if (families.ipv4) group.push_back(port);
  if (families.ipv6 && first.ipv6) {
    port.target = *first.ipv6;
    group.push_back(port);
  }
  if (group.empty())
    throw Error("cannot publish on IPv6 address " + *spec.host_ip +
                    ": the container has no IPv6 address (enable_ipv6 on its first network)",
                container);
  return group;
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
             (listener.address ? to_string(*listener.address) : std::string("*")) + ":" +
             std::to_string(listener.port);
  return std::nullopt;
}
}  // namespace

std::optional<std::string> NetworkManager::port_taken(const PortMapping& port,
                                                      const std::vector<PortMapping>& pending,
                                                      const std::vector<HostListener>& listeners) {
  if (auto owner = store_.port_owner(port)) return "container " + *owner;
  for (const auto& other : pending)
    if (overlap(other, port)) return std::string("another port of the same request");
  return listener_owning(port, listeners);
}

void NetworkManager::assign_host_port(std::vector<PortMapping>& group,
                                      const std::vector<PortMapping>& pending,
                                      const std::vector<HostListener>& listeners) {
  auto first_taken = [&]() -> std::optional<std::pair<const PortMapping*, std::string>> {
    for (const auto& port : group)
      if (auto owner = port_taken(port, pending, listeners)) return {{&port, *owner}};
    return std::nullopt;
  };
  if (group.front().host_port != 0) {
    if (auto taken = first_taken())
      throw Error("host port " + taken->first->describe() + " is already in use by " +
                  taken->second);
    return;
  }
  for (uint32_t candidate = kRandomPortFirst; candidate <= kRandomPortLast; ++candidate) {
    for (auto& port : group) port.host_port = static_cast<uint16_t>(candidate);
    if (!first_taken()) return;
  }
  throw Error("no free host port left for", group.front().describe());
}

std::vector<PortMapping> NetworkManager::publish(const std::string& container,
                                                 const std::vector<PublishSpec>& specs) {
  state::GlobalLock lock(state_.locations());
  std::vector<PortMapping> ports;
  auto listeners = host_listeners();
  for (const auto& spec : specs) {
    try {
      auto group = resolve(container, spec);
      assign_host_port(group, ports, listeners);
      ports.insert(ports.end(), group.begin(), group.end());
    } catch (const Error& error) {
      throw error.with_context("publishing ports of " + container);
    }
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
