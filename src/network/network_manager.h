#pragma once

#include <optional>
#include <string>
#include <vector>

#include "network/dns_helper.h"
#include "network/firewall_table.h"
#include "network/forward_coexistence.h"
#include "network/host_listeners.h"
#include "network/ipam.h"
#include "network/ipv4.h"
#include "network/kernel_names.h"
#include "network/network_store.h"
#include "network/port_mapping.h"
#include "network/rtnl_socket.h"
#include "state/state_store.h"

namespace berth::network {

// What the engine asks for, in plain values (it translates the compose model).
struct NetworkSpec {
  std::string name;                   // e.g. "myproj_default"
  std::string project;                // networks of different projects are isolated
  std::optional<std::string> subnet;  // else allocated from the pool
  std::optional<std::string> ip_range;
  std::optional<std::string> gateway;
  std::optional<std::string> bridge_name;  // driver_opts; else berth's own name
  std::optional<uint32_t> mtu;
  bool internal = false;
  // Dual stack: an IPv6 subnet too, the given one or one from the IPv6 pool.
  bool enable_ipv6 = false;
  std::optional<std::string> subnet6;
  std::optional<std::string> ip_range6;
  std::optional<std::string> gateway6;
  std::string config_hash;  // kept with the network for the engine to compare
};

struct NetworkInfo {
  std::string name;
  std::string bridge;
  Ipv4Subnet subnet;
  Ipv4Address gateway;
  std::optional<Ipv6Subnet> subnet6;
  std::optional<Ipv6Address> gateway6;
  bool internal = false;
  std::string config_hash;
};

struct EndpointSpec {
  std::string container;  // unique container name, e.g. "myproj-web-1"
  std::string service;
  std::vector<std::string> aliases;
  std::optional<std::string> ipv4_address;
  std::optional<std::string> ipv6_address;  // only on a dual-stack network
  std::optional<std::string> mac_address;
  std::string interface_name = "eth0";
  bool default_route = true;  // the engine sets it for the highest-priority network only
};

struct Endpoint {
  Ipv4Address ip;
  std::optional<Ipv6Address> ip6;
  std::string interface_name;
  std::string host_veth;
};

struct PublishSpec {
  std::string protocol = "tcp";
  // Unset: every host address of each family the container has on its first
  // network; "0.0.0.0" or "::": every address of that family only.
  std::optional<std::string> host_ip;
  uint16_t host_port = 0;
  uint16_t container_port = 0;
};

struct NetworkOptions {
  AddressPool pool = default_address_pool();
  AddressPool6 pool6 = default_address_pool6();
  // Add accept rules for berth's bridges to another firewall whose forward
  // policy drops (DOCKER-USER or its FORWARD chain); off: fail instead.
  bool firewall_coexistence = true;
  // berth-dns, the responder for container names: which program, which upstreams.
  DnsOptions dns;
};

enum class DnsWait { now, later };

// Bridge networks of one state root: allocation in the state db and wiring in
// the kernel, each step under the GlobalLock and undone if the next one fails.
// The DNS helper runs while any network exists and is told of every change.
class NetworkManager {
 public:
  explicit NetworkManager(state::StateStore& store, NetworkOptions options = {});

  // Creates the network, or returns it when it already exists. A requested
  // subnet that overlaps a host route/address or another network is refused.
  // With DnsWait::later a DNS helper this starts comes up meanwhile (~10 ms):
  // the caller calls await_dns() before any container on it may ask a name.
  NetworkInfo create_network(const NetworkSpec& spec, DnsWait dns_wait = DnsWait::now);
  // Returns once the DNS helper serves every network created so far; throws,
  // naming it, when the helper failed to start.
  void await_dns();
  std::optional<NetworkInfo> find_network(const std::string& name);
  // Refuses while containers are attached; a missing network is not an error.
  void remove_network(const std::string& name);
  // The same for several networks, whose links then go in one batch, with the
  // retired veths of removed containers and any link, table or DNS helper a
  // killed berth left with no network to own it (as collect_garbage).
  void remove_networks(const std::vector<std::string>& names);

  // Wires a pinned network namespace into a network. A container that already
  // holds an address on it keeps that address.
  Endpoint attach(const std::string& netns_path, const std::string& network,
                  const EndpointSpec& spec);
  // Publishes ports of an attached container (to its first network's
  // addresses, IPv6 too on a dual-stack network) in one batch. A host port of 0 gets a free one. A
  // port already published or held by a host listener fails, naming the owner, before any change.
  std::vector<PortMapping> publish(const std::string& container,
                                   const std::vector<PublishSpec>& ports);

  // Unpublishes the container's ports, unwires it from every network and
  // releases its addresses. Its veths are deleted with the next batch (a
  // network's removal, collect_garbage) or with its network namespace.
  void release_container(const std::string& container);

  // Containers that hold an endpoint on some network, or on the one named.
  std::vector<std::string> attached_containers();
  std::vector<std::string> containers_on(const std::string& network);

  // Deletes berth links of this root that no network or endpoint owns, and, when
  // no network is left, the firewall table and the DNS helper (a crash between a
  // network's removal and theirs leaves them). Returns what it removed (links by
  // name, then "nftables table <name>", "DNS responder (pid <n>)"); `dry_run`
  // only lists it.
  std::vector<std::string> collect_garbage(bool dry_run = false);

  const KernelNames& names() const { return names_; }

 private:
  Ipv4Subnet pick_subnet(const NetworkSpec& spec);
  std::optional<SubnetPlan6> plan_ipv6(const NetworkSpec& spec);
  Ipv4Address pick_address(const NetworkRecord& network, const EndpointSpec& spec);
  std::optional<Ipv6Address> pick_address6(const NetworkRecord& network, const EndpointSpec& spec);
  void detach(const EndpointRecord& endpoint);
  // Removes what create_network made for `record`, in reverse order; the
  // bridge waits for delete_retired_links. When the whole firewall table goes
  // next, the network's elements go with it.
  void tear_down(const NetworkRecord& record, bool table_goes = false);
  // Puts berth links of this root that no network or endpoint owns in the
  // retired group (under the global lock, so none is another's link in the
  // making); returns their names.
  std::vector<std::string> retire_stray_links(bool dry_run);
  void delete_retired_links();
  // The mappings one published port becomes: one per family it covers.
  std::vector<PortMapping> resolve(const std::string& container, const PublishSpec& spec);
  std::optional<std::string> port_taken(const PortMapping& port,
                                        const std::vector<PortMapping>& pending,
                                        const std::vector<HostListener>& listeners);
  // Checks a requested host port, or picks one free for every mapping of the
  // group (the families of one published port share it) when none was given.
  void assign_host_port(std::vector<PortMapping>& group, const std::vector<PortMapping>& pending,
                        const std::vector<HostListener>& listeners);
  // Brings the DNS helper in line with the state db after a committed change.
  void update_dns(bool wait);
  void notify_dns();  // update_dns without waiting, warning instead of failing

  state::StateStore& state_;
  NetworkStore store_;
  NetworkOptions options_;
  KernelNames names_;
  RtnlSocket host_;
  FirewallTable firewall_;
  ForwardCoexistence coexistence_;
  DnsHelper dns_;
};

}  // namespace berth::network
