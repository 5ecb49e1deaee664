#include "network/network_manager.h"

#include <algorithm>
#include <cerrno>
#include <functional>

#include "network/addresses.h"
#include "network/bridge.h"
#include "network/endpoint.h"
#include "network/links.h"
#include "state/global_lock.h"
#include "util/error.h"
#include "util/log.h"

namespace berth::network {

namespace {
NetworkInfo info_of(const NetworkRecord& record) {
  NetworkInfo info{record.name,  record.bridge, record.plan.subnet, record.plan.gateway,
                   std::nullopt, std::nullopt,  record.internal,    record.config_hash};
  if (record.plan6) {
    info.subnet6 = record.plan6->subnet;
    info.gateway6 = record.plan6->gateway;
  }
  return info;
}

template <typename Parsed>
std::optional<Parsed> optional_parse(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return Parsed::parse(*text);
}

FirewallTable::Network firewall_network(const NetworkRecord& record) {
  std::optional<Ipv6Subnet> subnet6;
  if (record.plan6) subnet6 = record.plan6->subnet;
  return {record.bridge, record.plan.subnet, subnet6, record.internal};
}

std::string join(const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& word : words) joined += (joined.empty() ? "" : " ") + word;
  return joined;
}
}  // namespace

NetworkManager::NetworkManager(state::StateStore& store, NetworkOptions options)
    : state_(store),
      store_(store.db()),
      options_(options),
      names_(store.root_id()),
      firewall_(names_.nft_table()),
      coexistence_(names_.nft_table(), store.root_id(), options.firewall_coexistence),
      dns_(store.locations(), options_.dns) {}

void NetworkManager::update_dns(bool wait) {
  if (store_.networks().empty())
    dns_.stop();
  else
    dns_.refresh(wait);
}

// For removed networks, gone and committed when this runs: a helper that
// cannot be reached must not fail their removal. It stops with the last
// network, else closes the listeners of the removed ones when signalled.
void NetworkManager::notify_dns() {
  try {
    update_dns(false);
  } catch (const Error& error) {
    log::warn("the DNS responder was not updated: {}", error.what());
  }
}

Ipv4Subnet NetworkManager::pick_subnet(const NetworkSpec& spec) {
  std::vector<Ipv4Subnet> host = Addresses(host_).prefixes_in_use();
  std::vector<Ipv4Subnet> taken = host;
  for (const auto& network : store_.networks()) taken.push_back(network.plan.subnet);
  if (!spec.subnet) return choose_subnet(options_.pool, taken);

  auto requested = Ipv4Subnet::parse(*spec.subnet);
  for (const auto& network : store_.networks())
    if (network.plan.subnet.overlaps(requested))
      throw Error("subnet " + requested.to_string() + " overlaps network " + network.name + " (" +
                      network.plan.subnet.to_string() + ")",
                  spec.name);
  if (auto overlap = first_overlap(requested, host))
    throw Error("subnet " + requested.to_string() + " overlaps host route or address " +
                    overlap->to_string(),
                spec.name);
  return requested;
}

std::optional<SubnetPlan6> NetworkManager::plan_ipv6(const NetworkSpec& spec) {
  if (!spec.enable_ipv6) {
    if (spec.subnet6) throw Error("an IPv6 subnet needs enable_ipv6: true", *spec.subnet6);
    return std::nullopt;
  }
  std::vector<Ipv6Subnet> host = Addresses(host_).prefixes_in_use6();
  std::vector<Ipv6Subnet> taken = host;
  for (const auto& network : store_.networks())
    if (network.plan6) taken.push_back(network.plan6->subnet);
  Ipv6Subnet subnet =
      spec.subnet6 ? Ipv6Subnet::parse(*spec.subnet6) : choose_subnet(options_.pool6, taken);
  if (spec.subnet6)
    if (auto overlap = first_overlap(subnet, taken))
      throw Error("subnet " + subnet.to_string() + " overlaps " + overlap->to_string() +
                  " (a host route or address, or another network)");
  return plan_subnet(subnet, optional_parse<Ipv6Address>(spec.gateway6),
                     optional_parse<Ipv6Subnet>(spec.ip_range6));
}

NetworkInfo NetworkManager::create_network(const NetworkSpec& spec, DnsWait dns_wait) {
  state::GlobalLock lock(state_.locations());
  bool wait = dns_wait == DnsWait::now;
  if (auto existing = store_.find_network(spec.name)) {
    if (!dns_.running()) update_dns(wait);  // e.g. a start that failed before
    return info_of(*existing);
  }

  NetworkRecord record{0,        spec.name,       spec.project, "", {}, std::nullopt, spec.internal,
                       spec.mtu, spec.config_hash};
  try {
    record.plan = plan_subnet(pick_subnet(spec), optional_parse<Ipv4Address>(spec.gateway),
                              optional_parse<Ipv4Subnet>(spec.ip_range));
    record.plan6 = plan_ipv6(spec);
  } catch (const Error& error) {
    throw error.with_context("creating network " + spec.name);
  }
  state::Transaction transaction(state_.db());
  record.id = store_.insert_network(record);
  record.bridge = spec.bridge_name.value_or(names_.bridge(record.id));
  store_.set_bridge(record.id, record.bridge);
  // A berth killed after making the bridge and before the commit left it under
  // the name this network's id gives again.
  if (!spec.bridge_name && Links(host_).index_of(record.bridge)) Links(host_).remove(record.bridge);
  coexistence_.require_permission(record.bridge);
  BridgeConfig bridge{record.bridge, names_.bridge_mac(record.bridge),
                      record.mtu,    {record.plan.gateway, record.plan.subnet.prefix_length},
                      std::nullopt,  record.internal};
  if (record.plan6)
    bridge.gateway6 = Ipv6Subnet{record.plan6->gateway, record.plan6->subnet.prefix_length};
  try {
    create_bridge(host_, bridge);
    firewall_.add_network(firewall_network(record));
    coexistence_.allow(record.bridge);
    transaction.commit();
  } catch (...) {
    try {
      tear_down(record);
      delete_retired_links();
    } catch (const std::exception& cleanup) {
      log::warn("cleaning up network {} after a failure: {}", record.name, cleanup.what());
    }
    throw;
  }
  // After the commit: the helper reads the network from the db. The network
  // stays when this fails; the error says names will not resolve on it.
  try {
    update_dns(wait);
  } catch (const Error& error) {
    throw error.with_context("network " + spec.name + " created, but its DNS responder");
  }
  return info_of(record);
}

void NetworkManager::await_dns() {
  try {
    dns_.await();
  } catch (const Error& error) {
    throw error.with_context("networks created, but their DNS responder");
  }
}

std::optional<NetworkInfo> NetworkManager::find_network(const std::string& name) {
  auto record = store_.find_network(name);
  if (!record) return std::nullopt;
  return info_of(*record);
}

void NetworkManager::remove_network(const std::string& name) { remove_networks({name}); }

void NetworkManager::remove_networks(const std::vector<std::string>& names) {
  state::GlobalLock lock(state_.locations());
  std::vector<NetworkRecord> going;
  for (const auto& name : names) {
    auto record = store_.find_network(name);
    // Named twice (two stack keys may name one network), it goes once: the
    // count below must not take it for another network of the root.
    auto listed = [&](const NetworkRecord& other) { return other.id == record->id; };
    if (!record || std::any_of(going.begin(), going.end(), listed)) continue;
    auto endpoints = store_.endpoints_of_network(record->id);
    if (!endpoints.empty())
      throw Error("network still has " + std::to_string(endpoints.size()) +
                      " container(s) attached, e.g. " + endpoints.front().container,
                  name);
    going.push_back(*record);
  }
  // Every network of the root goes, so none is left for the table to serve.
  bool table_goes = going.size() == store_.networks().size();
  for (const auto& record : going) {
    tear_down(record, table_goes);
    store_.delete_network(record.id);
  }
  retire_stray_links(false);
  delete_retired_links();
  if (table_goes) firewall_.remove();
  notify_dns();
}

void NetworkManager::delete_retired_links() { Links(host_).remove_group(names_.retired_group()); }

namespace {
// A firewall batch is atomic: when it finds its elements gone, a berth killed
// after committing it and before updating the state db removed them already.
void tolerating_gone(const std::function<void()>& removal) {
  try {
    removal();
  } catch (const Error& error) {
    if (error.errno_value() != ENOENT) throw;
  }
}
}  // namespace

void NetworkManager::tear_down(const NetworkRecord& record, bool table_goes) {
  coexistence_.revoke(record.bridge);
  if (!table_goes) tolerating_gone([&] { firewall_.remove_network(firewall_network(record)); });
  retire_bridge(host_, record.bridge, names_.host_veth_prefix(), names_.retired_group());
}

Ipv4Address NetworkManager::pick_address(const NetworkRecord& network, const EndpointSpec& spec) {
  auto used = store_.used_addresses(network.id);
  if (!spec.ipv4_address) return choose_address(network.plan, used);
  auto requested = Ipv4Address::parse(*spec.ipv4_address);
  check_requested_address(network.plan, requested, used);
  return requested;
}

std::optional<Ipv6Address> NetworkManager::pick_address6(const NetworkRecord& network,
                                                         const EndpointSpec& spec) {
  if (!network.plan6) {
    if (spec.ipv6_address)
      throw Error("ipv6_address " + *spec.ipv6_address + " needs enable_ipv6 on the network");
    return std::nullopt;
  }
  auto used = store_.used_addresses6(network.id);
  if (!spec.ipv6_address) return choose_address(*network.plan6, used);
  auto requested = Ipv6Address::parse(*spec.ipv6_address);
  check_requested_address(*network.plan6, requested, used);
  return requested;
}

Endpoint NetworkManager::attach(const std::string& netns_path, const std::string& network_name,
                                const EndpointSpec& spec) {
  state::GlobalLock lock(state_.locations());
  auto network = store_.find_network(network_name);
  if (!network) throw Error("network not found", network_name);
  auto netns = NamespaceFd::open_path(netns_path);

  state::Transaction transaction(state_.db());
  EndpointRecord endpoint;
  if (auto existing = store_.find_endpoint(network->id, spec.container)) {
    endpoint = *existing;
    detach_endpoint(host_, endpoint.host_veth);  // a leftover of a crashed attach
  } else {
    endpoint = {0, network->id, spec.container, spec.service, join(spec.aliases), {}, {}, ""};
    try {
      endpoint.ipv4 = pick_address(*network, spec);
      endpoint.ipv6 = pick_address6(*network, spec);
    } catch (const Error& error) {
      throw error.with_context("attaching " + spec.container + " to " + network_name);
    }
    endpoint.id = store_.insert_endpoint(endpoint);
    endpoint.host_veth = names_.host_veth(endpoint.id);
    store_.set_host_veth(endpoint.id, endpoint.host_veth);
    // Likewise a veth of an attach that was killed before its commit.
    Links links(host_);
    if (links.index_of(endpoint.host_veth)) links.remove(endpoint.host_veth);
  }

  EndpointConfig config;
  config.bridge = network->bridge;
  config.host_veth = endpoint.host_veth;
  config.container_iface = spec.interface_name;
  config.address = {endpoint.ipv4, network->plan.subnet.prefix_length};
  if (spec.default_route && !network->internal) config.gateway = network->plan.gateway;
  config.mac =
      spec.mac_address ? parse_mac(*spec.mac_address) : mac_for_address(endpoint.ipv4.value);
  config.mtu = network->mtu;
  if (endpoint.ipv6) {
    config.address6 = Ipv6Subnet{*endpoint.ipv6, network->plan6->subnet.prefix_length};
    if (spec.default_route && !network->internal) config.gateway6 = network->plan6->gateway;
  }
  attach_endpoint(host_, netns, config);
  // The DNS helper is not told: it reads names afresh when the db has changed
  // since its last query, and a container brings no listener of its own.
  transaction.commit();
  return {endpoint.ipv4, endpoint.ipv6, spec.interface_name, endpoint.host_veth};
}

void NetworkManager::detach(const EndpointRecord& endpoint) {
  // The veth would go with the container's namespace anyway, but only some time
  // after; retired, it is deleted for sure with the next batch.
  Links(host_).set_group(endpoint.host_veth, names_.retired_group());
  store_.delete_endpoint(endpoint.id);
}

void NetworkManager::release_container(const std::string& container) {
  state::GlobalLock lock(state_.locations());
  tolerating_gone([&] { firewall_.unpublish(store_.ports_of_container(container)); });
  store_.delete_ports_of_container(container);
  for (const auto& endpoint : store_.endpoints_of_container(container)) detach(endpoint);
}

std::vector<std::string> NetworkManager::attached_containers() {
  std::vector<std::string> containers;
  for (const auto& network : store_.networks())
    for (const auto& endpoint : store_.endpoints_of_network(network.id))
      if (std::find(containers.begin(), containers.end(), endpoint.container) == containers.end())
        containers.push_back(endpoint.container);
  return containers;
}

std::vector<std::string> NetworkManager::containers_on(const std::string& network) {
  std::vector<std::string> containers;
  if (auto record = store_.find_network(network))
    for (const auto& endpoint : store_.endpoints_of_network(record->id))
      containers.push_back(endpoint.container);
  return containers;
}

std::vector<std::string> NetworkManager::retire_stray_links(bool dry_run) {
  std::vector<std::string> owned;
  for (const auto& network : store_.networks()) {
    owned.push_back(network.bridge);
    for (const auto& endpoint : store_.endpoints_of_network(network.id))
      owned.push_back(endpoint.host_veth);
  }
  Links links(host_);
  std::vector<std::string> stray;
  for (const auto& name : links.names_with_prefix(names_.link_prefix())) {
    if (std::find(owned.begin(), owned.end(), name) != owned.end()) continue;
    if (!dry_run) links.set_group(name, names_.retired_group());
    stray.push_back(name);
  }
  return stray;
}

std::vector<std::string> NetworkManager::collect_garbage(bool dry_run) {
  state::GlobalLock lock(state_.locations());
  auto removed = retire_stray_links(dry_run);
  if (!dry_run) delete_retired_links();
  if (store_.networks().empty()) {
    if (firewall_.exists()) {
      if (!dry_run) firewall_.remove();
      removed.push_back("nftables table " + firewall_.name());
    }
    if (auto helper = dns_.running()) {
      if (!dry_run) dns_.stop();
      removed.push_back("DNS responder (pid " + std::to_string(*helper) + ")");
    }
  }
  return removed;
}

}  // namespace berth::network
