#include "network/dns_record_source.h"

#include <sstream>

#include "util/error.h"

namespace berth::network {

namespace {
state::Database open_existing(const std::filesystem::path& database) {
  if (!std::filesystem::exists(database))
    throw Error("state database does not exist", database.string());
  auto db = state::Database::open(database);
  // The helper only reads; the network layer's writers own the tables.
  db.exec("PRAGMA query_only=ON");
  return db;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> out;
  for (std::string word; stream >> word;) out.push_back(word);
  return out;
}

// One row of the endpoint query in load().
DnsEntry read_entry(const state::Statement& row) {
  DnsEntry entry{row.column_int(0),         row.column_text(1),
                 row.column_text(2),        row.column_text(3),
                 words(row.column_text(4)), Ipv4Address::parse(row.column_text(5)),
                 row.column_int(6) != 0};
  if (!row.column_is_null(7)) entry.address6 = Ipv6Address::parse(row.column_text(7));
  return entry;
}
}  // namespace

DnsRecordSource::DnsRecordSource(const std::filesystem::path& database)
    : db_(open_existing(database)), version_(db_.prepare("PRAGMA data_version")) {}

int64_t DnsRecordSource::data_version() {
  version_.reset();
  if (!version_.step()) throw Error("state database: PRAGMA data_version returned nothing");
  int64_t version = version_.column_int(0);
  version_.reset();
  return version;
}

bool DnsRecordSource::changed() { return data_version() != loaded_version_; }

DnsZone DnsRecordSource::load() {
  // One read transaction, so the endpoints and gateways agree with each other
  // and with the version recorded.
  db_.exec("BEGIN");
  try {
    loaded_version_ = data_version();
    std::vector<DnsEntry> entries;
    std::vector<IpAddress> gateways;
    {
      auto endpoints = db_.prepare(
          "SELECT e.network_id, n.name, e.container, e.service, e.aliases, e.ipv4, n.internal, "
          "e.ipv6 FROM network_endpoints e JOIN network_networks n ON n.id = e.network_id");
      while (endpoints.step()) entries.push_back(read_entry(endpoints));
      auto networks = db_.prepare("SELECT gateway, gateway6 FROM network_networks");
      while (networks.step()) {
        gateways.push_back(Ipv4Address::parse(networks.column_text(0)));
        if (!networks.column_is_null(1))
          gateways.push_back(Ipv6Address::parse(networks.column_text(1)));
      }
    }
    db_.exec("COMMIT");
    return {DnsRecords(std::move(entries)), std::move(gateways)};
  } catch (...) {
    db_.exec("ROLLBACK");
    throw;
  }
}

}  // namespace berth::network
