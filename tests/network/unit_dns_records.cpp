#include <gtest/gtest.h>
#include <netinet/in.h>

#include "network/dns_message.h"
#include "network/dns_records.h"
#include "network/dns_responder.h"
#include "network/dns_upstreams.h"
#include "util/error.h"

namespace berth::network {
namespace {

Ipv4Address ip(const char* text) { return Ipv4Address::parse(text); }
Ipv6Address ip6(const char* text) { return Ipv6Address::parse(text); }

// Two networks of project p (front: web x2, api; back: api, db) and one of q.
DnsRecords sample() {
  return DnsRecords({
      {1, "p_front", "p-web-1", "web", {"www"}, ip("10.1.0.2")},
      {1, "p_front", "p-web-2", "web", {"www"}, ip("10.1.0.3")},
      {1, "p_front", "p-api-1", "api", {}, ip("10.1.0.4")},
      {2, "p_back", "p-api-1", "api", {"backend"}, ip("10.2.0.2")},
      {2, "p_back", "p-db-1", "db", {}, ip("10.2.0.3")},
      {3, "q_default", "q-db-1", "db", {}, ip("10.3.0.2")},
  });
}

// front is dual stack, back is IPv4 only; q's web has the same name elsewhere.
DnsRecords dual_stack() {
  return DnsRecords({
      {1, "p_front", "p-web-2", "web", {}, ip("10.1.0.3"), false, ip6("fd00:1::3")},
      {1, "p_front", "p-web-1", "web", {}, ip("10.1.0.2"), false, ip6("fd00:1::2")},
      {1, "p_front", "p-api-1", "api", {}, ip("10.1.0.4"), false, ip6("fd00:1::4")},
      {2, "p_back", "p-api-1", "api", {}, ip("10.2.0.2")},
      {2, "p_back", "p-db-1", "db", {}, ip("10.2.0.3")},
      {3, "q_default", "q-web-1", "web", {}, ip("10.3.0.2"), false, ip6("fd00:3::2")},
  });
}

template <typename Address>
std::vector<std::string> texts(const std::vector<Address>& addresses) {
  std::vector<std::string> out;
  for (auto address : addresses) out.push_back(address.to_string());
  return out;
}

using Strings = std::vector<std::string>;

TEST(DnsRecords, ScopesNamesToTheRequestersNetworks) {
  auto records = sample();
  EXPECT_EQ(texts(records.lookup(ip("10.1.0.2"), "web")), (Strings{"10.1.0.2", "10.1.0.3"}));
  EXPECT_EQ(texts(records.lookup(ip("10.1.0.2"), "WWW")), (Strings{"10.1.0.2", "10.1.0.3"}));
  EXPECT_EQ(texts(records.lookup(ip("10.1.0.2"), "p-web-2")), (Strings{"10.1.0.3"}));
  EXPECT_EQ(texts(records.lookup(ip("10.1.0.2"), "web.p_front")),
            (Strings{"10.1.0.2", "10.1.0.3"}));
  // web is not on back; db not on front; q's db only for q.
  EXPECT_TRUE(records.lookup(ip("10.2.0.3"), "web").empty());
  EXPECT_TRUE(records.lookup(ip("10.1.0.2"), "db").empty());
  EXPECT_EQ(texts(records.lookup(ip("10.3.0.2"), "db")), (Strings{"10.3.0.2"}));
  EXPECT_TRUE(records.lookup(ip("10.9.9.9"), "web").empty());
  // api is on both networks: each requester gets the address it can reach,
  // and api itself (asking from either address) sees both networks' names.
  EXPECT_EQ(texts(records.lookup(ip("10.1.0.2"), "api")), (Strings{"10.1.0.4"}));
  EXPECT_EQ(texts(records.lookup(ip("10.2.0.3"), "api")), (Strings{"10.2.0.2"}));
  EXPECT_EQ(texts(records.lookup(ip("10.2.0.3"), "backend")), (Strings{"10.2.0.2"}));
  EXPECT_EQ(texts(records.lookup(ip("10.1.0.4"), "db")), (Strings{"10.2.0.3"}));
  EXPECT_TRUE(records.lookup(ip("10.1.0.2"), "backend").empty());
}

TEST(DnsRecords, ReverseLookupsAreScopedToo) {
  auto records = sample();
  EXPECT_EQ(records.reverse(ip("10.1.0.2"), ip("10.1.0.4")), "p-api-1");
  EXPECT_EQ(records.reverse(ip("10.1.0.2"), ip("10.2.0.3")), std::nullopt);
  EXPECT_EQ(parse_reverse_name("4.0.1.10.IN-ADDR.arpa"), ip("10.1.0.4"));
  EXPECT_EQ(parse_reverse_name("0.1.10.in-addr.arpa"), std::nullopt);
  EXPECT_EQ(parse_reverse_name("256.0.1.10.in-addr.arpa"), std::nullopt);
  EXPECT_EQ(parse_reverse_name("a.0.1.10.in-addr.arpa"), std::nullopt);
  EXPECT_EQ(parse_reverse_name("1.4.0.1.10.in-addr.arpa"), std::nullopt);
}

TEST(DnsRecords, Ipv6AddressesAreScopedByTheIpv4Requester) {
  auto records = dual_stack();
  EXPECT_EQ(texts(records.lookup6(ip("10.1.0.2"), "WEB")), (Strings{"fd00:1::2", "fd00:1::3"}));
  EXPECT_EQ(texts(records.lookup6(ip("10.1.0.2"), "api.p_front")), Strings{"fd00:1::4"});
  EXPECT_EQ(texts(records.lookup6(ip("10.3.0.2"), "web")), Strings{"fd00:3::2"});
  // db shares only the IPv4-only network with api: a name, but no IPv6 address.
  EXPECT_EQ(texts(records.lookup(ip("10.2.0.3"), "api")), Strings{"10.2.0.2"});
  EXPECT_TRUE(records.lookup6(ip("10.2.0.3"), "api").empty());
  EXPECT_TRUE(records.lookup6(ip("10.1.0.4"), "db").empty());
  EXPECT_TRUE(records.lookup6(ip("10.2.0.3"), "web").empty());
  EXPECT_TRUE(records.lookup6(ip("10.9.9.9"), "web").empty());
}

// A container asking the IPv6 gateway is known by its IPv6 source address.
TEST(DnsRecords, AnIpv6RequesterSeesWhatItsContainerSees) {
  auto records = dual_stack();
  EXPECT_EQ(texts(records.lookup(ip6("fd00:1::4"), "web")), (Strings{"10.1.0.2", "10.1.0.3"}));
  EXPECT_EQ(texts(records.lookup6(ip6("fd00:1::4"), "web")), (Strings{"fd00:1::2", "fd00:1::3"}));
  // api's other network (IPv4 only) is visible through its IPv6 address as well.
  EXPECT_EQ(texts(records.lookup(ip6("fd00:1::4"), "db")), Strings{"10.2.0.3"});
  EXPECT_EQ(records.reverse(ip6("fd00:1::4"), ip("10.2.0.3")), "p-db-1");
  EXPECT_EQ(texts(records.lookup6(ip6("fd00:3::2"), "web")), Strings{"fd00:3::2"});
  EXPECT_TRUE(records.lookup(ip6("fd00:3::2"), "api").empty());
  EXPECT_TRUE(records.lookup(ip6("fd00:9::9"), "web").empty());
  EXPECT_TRUE(records.may_forward(ip6("fd00:9::9")));
}

TEST(DnsRecords, Ipv6ReverseLookupsAreScopedToo) {
  auto records = dual_stack();
  EXPECT_EQ(records.reverse(ip("10.1.0.2"), ip6("fd00:1::4")), "p-api-1");
  EXPECT_EQ(records.reverse(ip("10.2.0.2"), ip6("fd00:1::3")), "p-web-2");  // api, via front
  EXPECT_EQ(records.reverse(ip("10.2.0.3"), ip6("fd00:1::4")), std::nullopt);
  EXPECT_EQ(records.reverse(ip("10.3.0.2"), ip6("fd00:1::2")), std::nullopt);
  EXPECT_EQ(records.reverse(ip("10.1.0.2"), ip6("fd00:1::9")), std::nullopt);
}

// The ip6.arpa name of an address: its 32 nibbles, lowest first.
std::string reverse6(const char* text) {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string name;
  auto bytes = ip6(text).bytes;
  for (auto byte = bytes.rbegin(); byte != bytes.rend(); ++byte)
    name += {kHex[*byte & 0xf], '.', kHex[*byte >> 4], '.'};
  return name + "ip6.arpa";
}

TEST(DnsRecords, ParsesIp6ArpaNames) {
  // RFC 3596's example, in upper case.
  EXPECT_EQ(parse_reverse_name6(
                "B.A.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.IP6.ARPA"),
            ip6("4321:0:1:2:3:4:567:89ab"));
  EXPECT_EQ(parse_reverse_name6(reverse6("fd00:1::4")), ip6("fd00:1::4"));
  EXPECT_EQ(parse_reverse_name6(reverse6("::")), ip6("::"));
  auto good = reverse6("fd00:1::4");
  EXPECT_EQ(parse_reverse_name6(good.substr(2)), std::nullopt);  // 31 nibbles: a prefix
  EXPECT_EQ(parse_reverse_name6("0." + good), std::nullopt);     // 33 nibbles
  // Of the right length, but not one hex digit per label.
  EXPECT_EQ(parse_reverse_name6("g" + good.substr(1)), std::nullopt);
  EXPECT_EQ(parse_reverse_name6("40" + good.substr(2)), std::nullopt);
  EXPECT_EQ(parse_reverse_name6("4.." + good.substr(3)), std::nullopt);
  EXPECT_EQ(parse_reverse_name6(good.substr(0, good.size() - 9) + ".ip6.int"), std::nullopt);
  EXPECT_EQ(parse_reverse_name6("ip6.arpa"), std::nullopt);
  EXPECT_EQ(parse_reverse_name6("4.0.1.10.in-addr.arpa"), std::nullopt);
  EXPECT_EQ(parse_reverse_name(good), std::nullopt);
}

std::vector<uint8_t> query(const std::string& name, uint16_t type, uint16_t id = 7) {
  dns::Message message;
  message.header.id = id;
  message.header.flags = dns::kFlagRecursionDesired;
  message.questions.push_back({name, type, dns::kClassIn});
  return dns::encode_message(message);
}

dns::Message answered(const DnsDecision& decision) {
  EXPECT_EQ(decision.kind, DnsDecision::answer);
  return dns::parse_message(decision.reply);
}

TEST(DnsResponder, AnswersKnownNamesAndForwardsTheRest) {
  auto records = sample();
  auto a = answered(decide_dns_reply(records, ip("10.1.0.2"), query("Web", dns::kA), 512, 1));
  EXPECT_EQ(a.header.id, 7);
  EXPECT_EQ(a.header.rcode(), dns::kNoError);
  EXPECT_TRUE(a.header.flags & dns::kFlagAuthoritative);
  EXPECT_TRUE(a.header.flags & dns::kFlagRecursionDesired);
  ASSERT_EQ(a.answers.size(), 2u);
  EXPECT_EQ(a.answers[0].rdata, (std::vector<uint8_t>{10, 1, 0, 3}));  // rotated by 1
  EXPECT_EQ(a.answers[0].name, "Web");

  auto aaaa = answered(decide_dns_reply(records, ip("10.1.0.2"), query("web", dns::kAaaa), 512, 0));
  EXPECT_EQ(aaaa.header.rcode(), dns::kNoError);
  EXPECT_TRUE(aaaa.answers.empty());

  auto ptr = answered(
      decide_dns_reply(records, ip("10.1.0.2"), query("3.0.1.10.in-addr.arpa", dns::kPtr), 512, 0));
  ASSERT_EQ(ptr.answers.size(), 1u);
  EXPECT_EQ(dns::rdata_name(ptr.answers[0]), "p-web-2");

  EXPECT_EQ(decide_dns_reply(records, ip("10.1.0.2"), query("example.org", dns::kA), 512, 0).kind,
            DnsDecision::forward);
  EXPECT_EQ(decide_dns_reply(records, ip("10.1.0.2"), query("db", dns::kA), 512, 0).kind,
            DnsDecision::forward);
  EXPECT_EQ(
      decide_dns_reply(records, ip("10.1.0.2"), query("3.0.2.10.in-addr.arpa", dns::kPtr), 512, 0)
          .kind,
      DnsDecision::forward);
}

std::vector<uint8_t> bytes_of(const char* ipv6) {
  auto bytes = ip6(ipv6).bytes;
  return {bytes.begin(), bytes.end()};
}

TEST(DnsResponder, AnswersAaaaAndIp6ReverseNamesFromDualStackNetworks) {
  auto records = dual_stack();
  auto aaaa = answered(decide_dns_reply(records, ip("10.1.0.4"), query("web", dns::kAaaa), 512, 1));
  EXPECT_EQ(aaaa.header.rcode(), dns::kNoError);
  ASSERT_EQ(aaaa.answers.size(), 2u);
  EXPECT_EQ(aaaa.answers[0].type, dns::kAaaa);
  EXPECT_EQ(aaaa.answers[0].rdata, bytes_of("fd00:1::3"));  // rotated by 1
  EXPECT_EQ(aaaa.answers[1].rdata, bytes_of("fd00:1::2"));

  // Known to db, but only on its IPv4-only network: no records, and not upstream.
  auto none = answered(decide_dns_reply(records, ip("10.2.0.3"), query("api", dns::kAaaa), 512, 0));
  EXPECT_EQ(none.header.rcode(), dns::kNoError);
  EXPECT_TRUE(none.answers.empty());
  EXPECT_EQ(
      decide_dns_reply(records, ip("10.1.0.2"), query("example.org", dns::kAaaa), 512, 0).kind,
      DnsDecision::forward);

  auto any = answered(decide_dns_reply(records, ip("10.1.0.2"), query("api", dns::kAny), 512, 0));
  ASSERT_EQ(any.answers.size(), 2u);
  EXPECT_EQ(any.answers[0].type, dns::kA);
  EXPECT_EQ(any.answers[1].rdata, bytes_of("fd00:1::4"));

  auto ptr = answered(
      decide_dns_reply(records, ip("10.1.0.2"), query(reverse6("fd00:1::3"), dns::kPtr), 512, 0));
  ASSERT_EQ(ptr.answers.size(), 1u);
  EXPECT_EQ(dns::rdata_name(ptr.answers[0]), "p-web-2");
  EXPECT_EQ(
      decide_dns_reply(records, ip("10.2.0.3"), query(reverse6("fd00:1::3"), dns::kPtr), 512, 0)
          .kind,
      DnsDecision::forward);
}

TEST(DnsResponder, RefusesMalformedQueriesAndDropsResponses) {
  auto records = sample();
  std::vector<uint8_t> garbage{0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12};
  auto formerr = answered(decide_dns_reply(records, ip("10.1.0.2"), garbage, 512, 0));
  EXPECT_EQ(formerr.header.id, 0xabcd);
  EXPECT_EQ(formerr.header.rcode(), dns::kFormErr);
  EXPECT_EQ(decide_dns_reply(records, ip("10.1.0.2"), std::vector<uint8_t>{1, 2, 3}, 512, 0).kind,
            DnsDecision::drop);
  auto response = query("web", dns::kA);
  response[2] |= 0x80;
  EXPECT_EQ(decide_dns_reply(records, ip("10.1.0.2"), response, 512, 0).kind, DnsDecision::drop);
  auto update = query("web", dns::kA);
  update[2] |= 5 << 3;  // opcode UPDATE
  EXPECT_EQ(answered(decide_dns_reply(records, ip("10.1.0.2"), update, 512, 0)).header.rcode(),
            dns::kNotImp);
  EXPECT_EQ(dns::parse_message(dns_failure_reply(query("x", dns::kA, 9))).header.rcode(),
            dns::kServFail);
}

TEST(DnsResponder, ContainersOnlyOnInternalNetworksGetNothingFromUpstream) {
  DnsRecords records({
      {1, "p_inner", "p-vault-1", "vault", {}, ip("10.5.0.2"), true},
      {1, "p_inner", "p-app-1", "app", {}, ip("10.5.0.3"), true},
      {2, "p_outer", "p-app-1", "app", {}, ip("10.6.0.2"), false},
  });
  EXPECT_FALSE(records.may_forward(ip("10.5.0.2")));
  EXPECT_TRUE(records.may_forward(ip("10.5.0.3")));  // also on a network with a way out
  EXPECT_TRUE(records.may_forward(ip("10.9.0.1")));
  auto refused = answered(
      decide_dns_reply(records, ip("10.5.0.2"), query("exfiltrate.example", dns::kA), 512, 0));
  EXPECT_EQ(refused.header.rcode(), dns::kRefused);
  ASSERT_EQ(refused.questions.size(), 1u);
  auto local = answered(decide_dns_reply(records, ip("10.5.0.2"), query("app", dns::kA), 512, 0));
  EXPECT_EQ(local.answers.size(), 1u);
  EXPECT_EQ(decide_dns_reply(records, ip("10.5.0.3"), query("example.org", dns::kA), 512, 0).kind,
            DnsDecision::forward);
}

TEST(DnsResponder, TruncatesAnswersThatDoNotFitInUdp) {
  std::vector<DnsEntry> entries;
  for (uint32_t i = 0; i < 100; ++i)
    entries.push_back({1, "p_n", "p-s-" + std::to_string(i), "s", {}, Ipv4Address{0x0a000002 + i}});
  DnsRecords records(entries);
  auto udp = answered(decide_dns_reply(records, ip("10.0.0.2"), query("s", dns::kA), 512, 0));
  EXPECT_TRUE(udp.header.flags & dns::kFlagTruncated);
  EXPECT_LE(dns::encode_message(udp).size(), 512u);
  auto tcp = answered(decide_dns_reply(records, ip("10.0.0.2"), query("s", dns::kA), 65535, 0));
  EXPECT_FALSE(tcp.header.flags & dns::kFlagTruncated);
  EXPECT_EQ(tcp.answers.size(), 100u);
}

TEST(DnsUpstreams, ParsesAddressesAndResolvConf) {
  EXPECT_EQ(parse_dns_upstream("10.0.0.1").address.length, sizeof(sockaddr_in));
  EXPECT_EQ(parse_dns_upstream("127.0.0.1:5353").text, "127.0.0.1:5353");
  EXPECT_EQ(parse_dns_upstream("[fd00::1]:53").address.length, sizeof(sockaddr_in6));
  EXPECT_EQ(parse_dns_upstream("fd00::1").address.length, sizeof(sockaddr_in6));
  EXPECT_EQ(to_string(parse_dns_upstream("[fd00::1]:5353").address.ip()), "fd00::1");
  EXPECT_EQ(to_string(parse_dns_upstream("10.0.0.1:5353").address.ip()), "10.0.0.1");
  EXPECT_THROW(parse_dns_upstream("resolver.example"), Error);
  EXPECT_THROW(parse_dns_upstream("10.0.0.1:0"), Error);
  EXPECT_EQ(resolv_conf_nameservers("# c\nnameserver 10.0.0.1\nsearch x\nnameserver fe80::1%eth0\n"
                                    "nameserver ::1\n"),
            (Strings{"10.0.0.1", "::1"}));
  EXPECT_EQ(choose_dns_upstreams({"1.2.3.4"}), Strings{"1.2.3.4"});
}

}  // namespace
}  // namespace berth::network
