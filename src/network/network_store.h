#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "network/ipam.h"
#include "network/ipv4.h"
#include "network/ipv6.h"
#include "network/port_mapping.h"
#include "state/database.h"

namespace berth::network {

struct NetworkRecord {
  int64_t id = 0;
  std::string name;
  std::string project;
  std::string bridge;
  SubnetPlan plan;
  std::optional<SubnetPlan6> plan6;  // IPv6 dual stack (enable_ipv6)
  bool internal = false;
  std::optional<uint32_t> mtu;
  std::string config_hash;  // the engine's hash of the declaration; empty if unknown
};

struct EndpointRecord {
  int64_t id = 0;
  int64_t network_id = 0;
  std::string container;
  std::string service;
  std::string aliases;  // space separated
  Ipv4Address ipv4;
  std::optional<Ipv6Address> ipv6;  // on a dual-stack network
  std::string host_veth;
};

// The network component's tables in the state db: networks, their endpoints
// (address allocations) and published ports. Callers hold the GlobalLock.
class NetworkStore {
 public:
  explicit NetworkStore(state::Database& db);  // applies the component's migrations

  int64_t insert_network(const NetworkRecord& record);  // bridge filled in afterwards
  void set_bridge(int64_t network_id, const std::string& bridge);
  std::optional<NetworkRecord> find_network(const std::string& name);
  std::vector<NetworkRecord> networks();
  void delete_network(int64_t network_id);

  int64_t insert_endpoint(const EndpointRecord& record);
  void set_host_veth(int64_t endpoint_id, const std::string& host_veth);
  std::optional<EndpointRecord> find_endpoint(int64_t network_id, const std::string& container);
  std::vector<EndpointRecord> endpoints_of_container(const std::string& container);
  std::vector<EndpointRecord> endpoints_of_network(int64_t network_id);
  std::set<Ipv4Address> used_addresses(int64_t network_id);
  std::set<Ipv6Address> used_addresses6(int64_t network_id);
  void delete_endpoint(int64_t endpoint_id);

  // Published ports, owned by the container they lead to.
  void insert_port(const std::string& container, const PortMapping& port);
  std::vector<PortMapping> ports_of_container(const std::string& container);
  // The owner of a published port that would clash with `port`, if any.
  std::optional<std::string> port_owner(const PortMapping& port);
  void delete_ports_of_container(const std::string& container);

 private:
  state::Database& db_;
};

}  // namespace berth::network
