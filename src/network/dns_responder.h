#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "network/dns_records.h"
#include "network/ip_address.h"

namespace berth::network {

// What the responder does with one incoming packet.
struct DnsDecision {
  enum Kind { answer, forward, drop };
  Kind kind = drop;
  std::vector<uint8_t> reply;  // for `answer`
};

// Answers names berth knows for this requester; everything else is for the
// upstream resolvers, except from containers only on internal networks. A malformed query gets
// FORMERR when its header can be read, and nothing otherwise (as do stray responses, so two
// responders cannot bounce packets between them). `rotation` picks the order of a scaled service's
// addresses, so clients that take the first spread out.
DnsDecision decide_dns_reply(const DnsRecords& records, const IpAddress& requester,
                             std::span<const uint8_t> query, size_t max_size, uint32_t rotation);

// SERVFAIL for a query no upstream answered (or there is none); empty when
// the query cannot be read.
std::vector<uint8_t> dns_failure_reply(std::span<const uint8_t> query);

}  // namespace berth::network
