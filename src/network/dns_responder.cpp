#include "network/dns_responder.h"

#include <algorithm>

#include "network/dns_message.h"
#include "util/error.h"

namespace berth::network {

namespace {

// Names follow containers that are recreated and scaled, so nothing should
// cache them: a client asks again and gets the current answer.
constexpr uint32_t kLocalTtl = 0;

dns::Message reply_to(const dns::Header& query, uint8_t rcode) {
  dns::Message reply;
  reply.header.id = query.id;
  reply.header.flags = static_cast<uint16_t>(dns::kFlagResponse |
                                             (query.flags & (0x7800 | dns::kFlagRecursionDesired)) |
                                             dns::kFlagRecursionAvailable | rcode);
  return reply;
}

// Drops answers from the end until the reply fits, marking it truncated so
// the client retries over TCP.
std::vector<uint8_t> encode_within(dns::Message& reply, size_t max_size) {
  auto wire = dns::encode_message(reply);
  while (wire.size() > max_size && !reply.answers.empty()) {
    reply.answers.pop_back();
    reply.header.flags |= dns::kFlagTruncated;
    wire = dns::encode_message(reply);
  }
  return wire;
}

DnsDecision answer(dns::Message& reply, size_t max_size) {
  return {DnsDecision::answer, encode_within(reply, max_size)};
}

// A name berth does not answer: upstream, unless the requester may not go
// there (REFUSED: a policy, not a claim that the name does not exist).
DnsDecision not_local(const DnsRecords& records, const IpAddress& requester, dns::Message& query,
                      size_t max_size) {
  if (records.may_forward(requester)) return {DnsDecision::forward, {}};
  auto reply = reply_to(query.header, dns::kRefused);
  reply.questions = query.questions;
  return answer(reply, max_size);
}

// The container a reverse name (in-addr.arpa or ip6.arpa) points at, for this requester.
std::optional<std::string> container_at(const DnsRecords& records, const IpAddress& requester,
                                        std::string_view name) {
  if (auto ipv4 = parse_reverse_name(name)) return records.reverse(requester, *ipv4);
  if (auto ipv6 = parse_reverse_name6(name)) return records.reverse(requester, *ipv6);
  return std::nullopt;
}

// A scaled service's addresses, starting at a different one per query.
template <typename Address>
std::vector<Address> rotated(std::vector<Address> addresses, uint32_t rotation) {
  if (addresses.empty()) return addresses;
  std::rotate(addresses.begin(), addresses.begin() + rotation % addresses.size(), addresses.end());
  return addresses;
}

}  // namespace

DnsDecision decide_dns_reply(const DnsRecords& records, const IpAddress& requester,
                             std::span<const uint8_t> query, size_t max_size, uint32_t rotation) {
  dns::Header header;
  try {
    header = dns::parse_header(query);
  } catch (const Error&) {
    return {};
  }
  if (header.flags & dns::kFlagResponse) return {};
  dns::Message message;
  try {
    message = dns::parse_message(query);
  } catch (const Error&) {
    auto reply = reply_to(header, dns::kFormErr);
    return answer(reply, max_size);
  }
  if (header.opcode() != 0) {
    auto reply = reply_to(header, dns::kNotImp);
    return answer(reply, max_size);
  }
  if (message.questions.size() != 1) {
    auto reply = reply_to(header, dns::kFormErr);
    return answer(reply, max_size);
  }
  const auto& question = message.questions.front();
  if (question.klass != dns::kClassIn) return not_local(records, requester, message, max_size);

  auto reply = reply_to(header, dns::kNoError);
  reply.header.flags |= dns::kFlagAuthoritative;
  reply.questions.push_back(question);
  if (question.type == dns::kPtr) {
    auto container = container_at(records, requester, question.name);
    if (!container) return not_local(records, requester, message, max_size);
    reply.answers.push_back(dns::ptr_record(question.name, *container, kLocalTtl));
    return answer(reply, max_size);
  }
  auto addresses = records.lookup(requester, question.name);
  if (addresses.empty()) return not_local(records, requester, message, max_size);
  // A known name without IPv6 addresses (or asked for another type) has no
  // such records: NOERROR with no answers, so the client does not go on to
  // search domains or the upstream servers for it.
  bool any = question.type == dns::kAny;
  if (question.type == dns::kA || any)
    for (auto address : rotated(std::move(addresses), rotation))
      reply.answers.push_back(dns::a_record(question.name, address.value, kLocalTtl));
  if (question.type == dns::kAaaa || any)
    for (const auto& address : rotated(records.lookup6(requester, question.name), rotation))
      reply.answers.push_back(dns::aaaa_record(question.name, address.bytes, kLocalTtl));
  return answer(reply, max_size);
}

std::vector<uint8_t> dns_failure_reply(std::span<const uint8_t> query) {
  try {
    auto message = dns::parse_message(query);
    auto reply = reply_to(message.header, dns::kServFail);
    reply.questions = message.questions;
    return dns::encode_message(reply);
  } catch (const Error&) {
    return {};
  }
}

}  // namespace berth::network
