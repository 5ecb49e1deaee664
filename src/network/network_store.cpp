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
  };
  return list;
}

constexpr const char* kNetworkColumns =
    "SELECT id, name, project, bridge, subnet, gateway, ip_range, internal, mtu "
    "FROM network_networks";

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
  return record;
}

constexpr const char* kEndpointColumns =
    "SELECT id, network_id, container, service, aliases, ipv4, host_veth FROM network_endpoints";

EndpointRecord read_endpoint(state::Statement& row) {
  return {row.column_int(0),  row.column_int(1),  row.column_text(2),
          row.column_text(3), row.column_text(4), Ipv4Address::parse(row.column_text(5)),
          row.column_text(6)};
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

state::Value optional_text(const std::optional<Ipv4Subnet>& subnet) {
  if (!subnet) return nullptr;
  return subnet->to_string();
}
}  // namespace

NetworkStore::NetworkStore(state::Database& db) : db_(db) {
  state::apply_migrations(db_, migrations());
}

int64_t NetworkStore::insert_network(const NetworkRecord& record) {
  db_.execute(
      "INSERT INTO network_networks(name, project, subnet, gateway, ip_range, internal, mtu) "
      "VALUES(?, ?, ?, ?, ?, ?, ?)",
      {record.name, record.project, record.plan.subnet.to_string(), record.plan.gateway.to_string(),
       optional_text(record.plan.ip_range), int64_t{record.internal},
       record.mtu ? state::Value{int64_t{*record.mtu}} : state::Value{nullptr}});
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
      "INSERT INTO network_endpoints(network_id, container, service, aliases, ipv4) "
      "VALUES(?, ?, ?, ?, ?)",
      {record.network_id, record.container, record.service, record.aliases,
       record.ipv4.to_string()});
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

void NetworkStore::delete_endpoint(int64_t endpoint_id) {
  db_.execute("DELETE FROM network_endpoints WHERE id = ?", {endpoint_id});
}

namespace {
std::string host_ip_text(const PortMapping& port) {
  return port.host_ip ? port.host_ip->to_string() : "";
}
}  // namespace

void NetworkStore::insert_port(const std::string& container, const PortMapping& port) {
  db_.execute(
      "INSERT INTO network_ports(container, protocol, host_ip, host_port, target_ip, "
      "target_port) VALUES(?, ?, ?, ?, ?, ?)",
      {container, to_string(port.protocol), host_ip_text(port), int64_t{port.host_port},
       port.target.to_string(), int64_t{port.target_port}});
}

std::vector<PortMapping> NetworkStore::ports_of_container(const std::string& container) {
  return query<PortMapping>(
      db_,
      "SELECT protocol, host_ip, host_port, target_ip, target_port FROM network_ports "
      "WHERE container = ?",
      {container}, [](state::Statement& row) {
        PortMapping port;
        port.protocol = parse_protocol(row.column_text(0));
        if (!row.column_text(1).empty()) port.host_ip = Ipv4Address::parse(row.column_text(1));
        port.host_port = static_cast<uint16_t>(row.column_int(2));
        port.target = Ipv4Address::parse(row.column_text(3));
        port.target_port = static_cast<uint16_t>(row.column_int(4));
        return port;
      });
}

// A port on every address clashes with the same port on any one address.
std::optional<std::string> NetworkStore::port_owner(const PortMapping& port) {
  auto owner = db_.query_value(
      "SELECT container FROM network_ports WHERE protocol = ? AND host_port = ? "
      "AND (host_ip = ? OR host_ip = '' OR ? = '') LIMIT 1",
      {to_string(port.protocol), int64_t{port.host_port}, host_ip_text(port), host_ip_text(port)});
  if (!owner) return std::nullopt;
  return std::get<std::string>(*owner);
}

void NetworkStore::delete_ports_of_container(const std::string& container) {
  db_.execute("DELETE FROM network_ports WHERE container = ?", {container});
}

}  // namespace berth::network
