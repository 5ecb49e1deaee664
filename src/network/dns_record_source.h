#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "network/dns_records.h"
#include "network/ip_address.h"
#include "state/database.h"

namespace berth::network {

// What the DNS responder serves, as the state db has it now.
struct DnsZone {
  DnsRecords records;
  std::vector<IpAddress> gateways;  // listening addresses: each network's, of each family
};

// The DNS helper's read-only view of the network tables in the state db.
class DnsRecordSource {
 public:
  // The database must exist: the helper starts only after a network does.
  explicit DnsRecordSource(const std::filesystem::path& database);

  DnsZone load();
  // True when another connection committed since the last load(): a cheap
  // check per query that makes a change visible without waiting for SIGHUP.
  bool changed();

 private:
  int64_t data_version();

  state::Database db_;
  state::Statement version_;  // prepared once: it runs for every query
  int64_t loaded_version_ = -1;
};

}  // namespace berth::network
