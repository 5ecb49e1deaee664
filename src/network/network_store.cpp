#include "network/network_store.h"

#include "state/migrations.h"

namespace berth::network {

namespace {
const std::vector<state::Migration>& migrations() {
  static const std::vector<state::Migration> list = {
      {"network", 1,
       "CREATE TABLE network_networks ("
       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
       " name TEXT NOT NULL UNIQUE, project TEXT NOT NULL, bridge TEXT NOT NULL DEFAULT '',"
       " subnet TEXT NOT NULL, gateway TEXT NOT NULL, ip_range TEXT,"
       " internal INTEGER NOT NULL, mtu INTEGER);"
       "CREATE TABLE network_endpoints ("
       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
       " network_id INTEGER NOT NULL REFERENCES network_networks(id),"
       " container TEXT NOT NULL, service TEXT NOT NULL, aliases TEXT NOT NULL,"
       " ipv4 TEXT NOT NULL, host_veth TEXT NOT NULL DEFAULT '',"
       " UNIQUE(network_id, container), UNIQUE(network_id, ipv4));"
       "CREATE TABLE network_ports ("
       " container TEXT NOT NULL, protocol TEXT NOT NULL, host_ip TEXT NOT NULL,"
       " host_port INTEGER NOT NULL, target_ip TEXT NOT NULL, target_port INTEGER NOT NULL,"
       " PRIMARY KEY(protocol, host_ip, host_port));"},
      // IPv6 dual stack: a network's second subnet, an endpoint's second address.
      {"network", 2,
       "ALTER TABLE network_networks ADD COLUMN subnet6 TEXT;"
       "ALTER TABLE network_networks ADD COLUMN gateway6 TEXT;"
       "ALTER TABLE network_networks ADD COLUMN ip_range6 TEXT;"
       "ALTER TABLE network_endpoints ADD COLUMN ipv6 TEXT;"
       "CREATE UNIQUE INDEX network_endpoints_ipv6 ON network_endpoints(network_id, ipv6);"},
      // What the network was declared as, so that a changed declaration recreates it.
      {"network", 3,
       "ALTER TABLE network_networks ADD COLUMN config_hash TEXT NOT NULL DEFAULT '';"},
  };
  return list;
}

constexpr const char* kNetworkColumns =
    "SELECT id, name, project, bridge, subnet, gateway, ip_range, internal, mtu, subnet6, "
    "gateway6, ip_range6, config_hash FROM network_networks";

NetworkRecord read_network(state::Statement& row) {
  NetworkRecord record;
  record.id = row.column_int(0);
  record.name = row.column_text(1);
  record.project = row.column_text(2);
  record.bridge = row.column_text(3);
  record.plan.subnet = Ipv4Subnet::parse(row.column_text(4));
  record.plan.gateway = Ipv4Address::parse(row.column_text(5));
  if (!row.column_is_null(6)) record.plan.ip_range = Ipv4Subnet::parse(row.column_text(6));
  record.internal = row.column_int(7) != 0;
  if (!row.column_is_null(8)) record.mtu = static_cast<uint32_t>(row.column_int(8));
  if (!row.column_is_null(9)) {
    SubnetPlan6 plan{
        Ipv6Subnet::parse(row.column_text(9)), Ipv6Address::parse(row.column_text(10)), {}};
    if (!row.column_is_null(11)) plan.ip_range = Ipv6Subnet::parse(row.column_text(11));
    record.plan6 = plan;
  }
  record.config_hash = row.column_text(12);
  return record;
}

constexpr const char* kEndpointColumns =
    "SELECT id, network_id, container, service, aliases, ipv4, host_veth, ipv6 "
    "FROM network_endpoints";

EndpointRecord read_endpoint(state::Statement& row) {
  EndpointRecord record{row.column_int(0),  row.column_int(1),
                        row.column_text(2), row.column_text(3),
                        row.column_text(4), Ipv4Address::parse(row.column_text(5)),
                        std::nullopt,       row.column_text(6)};
  if (!row.column_is_null(7)) record.ipv6 = Ipv6Address::parse(row.column_text(7));
  return record;
}

template <typename Record, typename Read>
std::vector<Record> query(state::Database& db, const std::string& sql,
                          const std::vector<state::Value>& params, Read read) {
  auto statement = db.prepare(sql);
  statement.bind_all(params);
  std::vector<Record> records;
  while (statement.step()) records.push_back(read(statement));
  return records;
}

template <typename Printable>
state::Value optional_text(const std::optional<Printable>& value) {
  if (!value) return nullptr;
  return value->to_string();
}
}  // namespace

NetworkStore::NetworkStore(state::Database& db) : db_(db) {
  state::apply_migrations(db_, migrations());
}

int64_t NetworkStore::insert_network(const NetworkRecord& record) {
  db_.execute(
      "INSERT INTO network_networks(name, project, subnet, gateway, ip_range, internal, mtu, "
      "subnet6, gateway6, ip_range6, config_hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {record.name, record.project, record.plan.subnet.to_string(), record.plan.gateway.to_string(),
       optional_text(record.plan.ip_range), int64_t{record.internal},
       record.mtu ? state::Value{int64_t{*record.mtu}} : state::Value{nullptr},
       record.plan6 ? state::Value{record.plan6->subnet.to_string()} : state::Value{nullptr},
       record.plan6 ? state::Value{record.plan6->gateway.to_string()} : state::Value{nullptr},
       record.plan6 ? optional_text(record.plan6->ip_range) : state::Value{nullptr},
       record.config_hash});
  return db_.last_insert_rowid();
}

void NetworkStore::set_bridge(int64_t network_id, const std::string& bridge) {
  db_.execute("UPDATE network_networks SET bridge = ? WHERE id = ?", {bridge, network_id});
}

std::optional<NetworkRecord> NetworkStore::find_network(const std::string& name) {
  auto found = query<NetworkRecord>(db_, std::string(kNetworkColumns) + " WHERE name = ?", {name},
                                    read_network);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<NetworkRecord> NetworkStore::networks() {
  return query<NetworkRecord>(db_, kNetworkColumns, {}, read_network);
}

void NetworkStore::delete_network(int64_t network_id) {
  db_.execute("DELETE FROM network_networks WHERE id = ?", {network_id});
}

int64_t NetworkStore::insert_endpoint(const EndpointRecord& record) {
  db_.execute(
      "INSERT INTO network_endpoints(network_id, container, service, aliases, ipv4, ipv6) "
      "VALUES(?, ?, ?, ?, ?, ?)",
      {record.network_id, record.container, record.service, record.aliases, record.ipv4.to_string(),
       optional_text(record.ipv6)});
  return db_.last_insert_rowid();
}

void NetworkStore::set_host_veth(int64_t endpoint_id, const std::string& host_veth) {
  db_.execute("UPDATE network_endpoints SET host_veth = ? WHERE id = ?", {host_veth, endpoint_id});
}

std::optional<EndpointRecord> NetworkStore::find_endpoint(int64_t network_id,
                                                          const std::string& container) {
  auto found = query<EndpointRecord>(
      db_, std::string(kEndpointColumns) + " WHERE network_id = ? AND container = ?",
      {network_id, container}, read_endpoint);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<EndpointRecord> NetworkStore::endpoints_of_container(const std::string& container) {
  return query<EndpointRecord>(db_, std::string(kEndpointColumns) + " WHERE container = ?",
                               {container}, read_endpoint);
}

std::vector<EndpointRecord> NetworkStore::endpoints_of_network(int64_t network_id) {
  return query<EndpointRecord>(db_, std::string(kEndpointColumns) + " WHERE network_id = ?",
                               {network_id}, read_endpoint);
}

std::set<Ipv4Address> NetworkStore::used_addresses(int64_t network_id) {
  std::set<Ipv4Address> used;
  for (const auto& endpoint : endpoints_of_network(network_id)) used.insert(endpoint.ipv4);
  return used;
}

std::set<Ipv6Address> NetworkStore::used_addresses6(int64_t network_id) {
  std::set<Ipv6Address> used;
  for (const auto& endpoint : endpoints_of_network(network_id))
    if (endpoint.ipv6) used.insert(*endpoint.ipv6);
  return used;
}

void NetworkStore::delete_endpoint(int64_t endpoint_id) {
  db_.execute("DELETE FROM network_endpoints WHERE id = ?", {endpoint_id});
}

namespace {
// The key column: "" for every IPv4 address (as rows before IPv6 were
// written), "::" for every IPv6 one, so the two families' wildcards differ.
std::string host_ip_column(const PortMapping& port) {
  if (port.host_ip) return to_string(*port.host_ip);
  return port.ipv6() ? "::" : "";
}

PortMapping read_port(state::Statement& row) {
  PortMapping port;
  port.protocol = parse_protocol(row.column_text(0));
  std::string host_ip = row.column_text(1);
  port.host_port = static_cast<uint16_t>(row.column_int(2));
  port.target = parse_ip_address(row.column_text(3));
  port.target_port = static_cast<uint16_t>(row.column_int(4));
  if (!host_ip.empty() && host_ip != "::") port.host_ip = parse_ip_address(host_ip);
  return port;
}

constexpr const char* kPortColumns =
    "SELECT protocol, host_ip, host_port, target_ip, target_port, container FROM network_ports";
}  // namespace

void NetworkStore::insert_port(const std::string& container, const PortMapping& port) {
  db_.execute(
      "INSERT INTO network_ports(container, protocol, host_ip, host_port, target_ip, "
      "target_port) VALUES(?, ?, ?, ?, ?, ?)",
      {container, to_string(port.protocol), host_ip_column(port), int64_t{port.host_port},
       to_string(port.target), int64_t{port.target_port}});
}

std::vector<PortMapping> NetworkStore::ports_of_container(const std::string& container) {
  return query<PortMapping>(db_, std::string(kPortColumns) + " WHERE container = ?", {container},
                            read_port);
}

std::optional<std::string> NetworkStore::port_owner(const PortMapping& port) {
  auto statement = db_.prepare(std::string(kPortColumns) + " WHERE protocol = ? AND host_port = ?");
  statement.bind_all({to_string(port.protocol), int64_t{port.host_port}});
  while (statement.step())
    if (overlap(read_port(statement), port)) return statement.column_text(5);
  return std::nullopt;
}

void NetworkStore::delete_ports_of_container(const std::string& container) {
  db_.execute("DELETE FROM network_ports WHERE container = ?", {container});
}

}  // namespace berth::network
