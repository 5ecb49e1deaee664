#include "network/firewall_layout.h"

#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/rtnetlink.h>

#include "network/nft_objects.h"

namespace berth::network {

namespace {
using namespace nft_names;

// nft datatype ids; a concatenation packs them 6 bits apart, first part highest.
constexpr uint32_t kIpv4Addr = 7, kIpv6Addr = 8, kInetProto = 12, kInetService = 13, kIfname = 41;
constexpr uint32_t concat(uint32_t a, uint32_t b) { return (a << 6) | b; }
constexpr uint8_t kLoopbackFirstOctet = 127;
constexpr uint32_t kIpv4SourceOffset = 12, kIpv4DestinationOffset = 16, kPortOffset = 2;
constexpr uint32_t kIpv6SourceOffset = 8, kIpv6DestinationOffset = 24;

void add_sets(NftBatch& batch, const std::string& table) {
  SetShape target{concat(kIpv4Addr, kInetService), 8, 0, 0};
  SetShape by_address{concat(concat(kIpv4Addr, kInetProto), kInetService), 12, target.key_type,
                      target.key_length};
  SetShape any{concat(kInetProto, kInetService), 8, target.key_type, target.key_length};
  SetShape ifname{kIfname, 16};
  SetShape ifname_pair{concat(kIfname, kIfname), 32};
  uint32_t id = 0;
  auto add = [&](const char* name, SetShape shape) {
    shape.batch_id = ++id;
    batch.add_set(make_set(kFirewallFamily, table, name, shape).get());
  };
  add(kPublishedByAddress, by_address);
  add(kPublishedAny, any);
  for (const char* name : {kBridges, kNatBridges, kInternalBridges}) add(name, ifname);
  add(kSameBridge, ifname_pair);
  SetShape subnets{kIpv4Addr, 4};
  subnets.interval = true;
  add(kSubnets, subnets);
}

// Ids of their own: these sets may join a batch that made the others.
void add_ipv6_sets(NftBatch& batch, const std::string& table) {
  uint32_t id = 100;
  auto add = [&](const char* name, SetShape shape) {
    shape.batch_id = ++id;
    batch.add_set(make_set(kFirewallFamily, table, name, shape).get());
  };
  SetShape target6{concat(kIpv6Addr, kInetService), 20, 0, 0};
  add(kPublishedByAddress6, {concat(concat(kIpv6Addr, kInetProto), kInetService), 24,
                             target6.key_type, target6.key_length});
  add(kPublishedAny6, {concat(kInetProto, kInetService), 8, target6.key_type, target6.key_length});
  SetShape subnets6{kIpv6Addr, 16};
  subnets6.interval = true;
  add(kSubnets6, subnets6);
}

RuleBuilder& only_family(RuleBuilder& rule, uint8_t family) {
  return rule.meta(NFT_META_NFPROTO, NFT_REG_1).compare(NFT_CMP_EQ, NFT_REG_1, &family, 1);
}
RuleBuilder& only_ipv4(RuleBuilder& rule) { return only_family(rule, NFPROTO_IPV4); }

// One family's published-port rules. The address fills the first 4 or 16
// bytes of the key and of the mapped value, so the protocol and port follow
// in the 32-bit register slot after it.
struct PublishedFamily {
  uint8_t nfproto;
  uint32_t destination_offset;
  uint32_t address_length;
  const char* by_address_map;
  const char* any_map;
};

void add_published_rules(NftBatch& batch, const std::string& table, const PublishedFamily& family) {
  uint32_t after_address = NFT_REG32_00 + family.address_length / 4;
  RuleBuilder by_address(kFirewallFamily, table, "published");
  only_family(by_address, family.nfproto)
      .payload(NFT_PAYLOAD_NETWORK_HEADER, family.destination_offset, family.address_length,
               NFT_REG_1)
      .meta(NFT_META_L4PROTO, after_address)
      .payload(NFT_PAYLOAD_TRANSPORT_HEADER, kPortOffset, 2, after_address + 1)
      .map_lookup(NFT_REG_1, family.by_address_map, NFT_REG_1)
      .dnat(family.nfproto, NFT_REG_1, after_address);
  batch.add_rule(by_address.build().get());
  RuleBuilder any(kFirewallFamily, table, "published");
  only_family(any, family.nfproto)
      .meta(NFT_META_L4PROTO, NFT_REG_1)
      .payload(NFT_PAYLOAD_TRANSPORT_HEADER, kPortOffset, 2, NFT_REG32_01)
      .map_lookup(NFT_REG_1, family.any_map, NFT_REG_1)
      .dnat(family.nfproto, NFT_REG_1, after_address);
  batch.add_rule(any.build().get());
}

void add_published_chain(NftBatch& batch, const std::string& table) {
  batch.add_chain(make_chain(kFirewallFamily, table, "published").get());
  add_published_rules(
      batch, table, {NFPROTO_IPV4, kIpv4DestinationOffset, 4, kPublishedByAddress, kPublishedAny});
}

// Packets to one of the host's own addresses go through the published maps.
void add_dnat_hook(NftBatch& batch, const std::string& table, const char* chain, uint32_t hook) {
  batch.add_chain(make_chain(kFirewallFamily, table, chain, ChainHook{hook, -100, "nat"}).get());
  RuleBuilder rule(kFirewallFamily, table, chain);
  rule.fib_daddr_type(NFT_REG_1)
      .compare_u32(NFT_CMP_EQ, NFT_REG_1, RTN_LOCAL)
      .verdict(NFT_JUMP, "published");
  batch.add_rule(rule.build().get());
}

// A published connection from a container back into a bridge. Matched by
// source subnet, not input interface: with br_netfilter a bridged hairpin
// packet has no input interface here.
void add_hairpin_masquerade(NftBatch& batch, const std::string& table, uint8_t nfproto,
                            uint32_t source_offset, uint32_t address_length, const char* subnets) {
  RuleBuilder hairpin(kFirewallFamily, table, "postrouting");
  hairpin.ct(NFT_CT_STATUS, NFT_REG_1)
      .bitwise_nonzero(NFT_REG_1, IPS_DST_NAT)
      .meta(NFT_META_OIFNAME, NFT_REG_1)
      .lookup(NFT_REG_1, kBridges);
  only_family(hairpin, nfproto)
      .payload(NFT_PAYLOAD_NETWORK_HEADER, source_offset, address_length, NFT_REG_1)
      .lookup(NFT_REG_1, subnets)
      .masquerade();
  batch.add_rule(hairpin.build().get());
}

void add_postrouting(NftBatch& batch, const std::string& table) {
  batch.add_chain(
      make_chain(kFirewallFamily, table, "postrouting", ChainHook{NF_INET_POST_ROUTING, 100, "nat"})
          .get());
  RuleBuilder loopback_clients(kFirewallFamily, table, "postrouting");
  only_ipv4(loopback_clients)
      .payload(NFT_PAYLOAD_NETWORK_HEADER, kIpv4SourceOffset, 1, NFT_REG_1)
      .compare(NFT_CMP_EQ, NFT_REG_1, &kLoopbackFirstOctet, 1)
      .meta(NFT_META_OIFNAME, NFT_REG_1)
      .lookup(NFT_REG_1, kBridges)
      .masquerade();
  batch.add_rule(loopback_clients.build().get());
  add_hairpin_masquerade(batch, table, NFPROTO_IPV4, kIpv4SourceOffset, 4, kSubnets);
  RuleBuilder outbound(kFirewallFamily, table, "postrouting");
  outbound.meta(NFT_META_IIFNAME, NFT_REG_1)
      .lookup(NFT_REG_1, kNatBridges)
      .meta(NFT_META_OIFNAME, NFT_REG_1)
      .lookup(NFT_REG_1, kBridges, true)
      .masquerade();
  batch.add_rule(outbound.build().get());
}

// Packets from outside addressed to 127.0.0.0/8 would otherwise reach
// 127.0.0.1-only ports through route_localnet (moby#41872).
void add_loopback_guard(NftBatch& batch, const std::string& table) {
  batch.add_chain(
      make_chain(kFirewallFamily, table, "guard", ChainHook{NF_INET_PRE_ROUTING, -300, "filter"})
          .get());
  RuleBuilder rule(kFirewallFamily, table, "guard");
  rule.meta(NFT_META_IIFNAME, NFT_REG_1).compare_ifname(NFT_CMP_NEQ, NFT_REG_1, "lo");
  only_ipv4(rule)
      .payload(NFT_PAYLOAD_NETWORK_HEADER, kIpv4DestinationOffset, 1, NFT_REG_1)
      .compare(NFT_CMP_EQ, NFT_REG_1, &kLoopbackFirstOctet, 1)
      .verdict(NF_DROP);
  batch.add_rule(rule.build().get());
}

// Into a bridge only replies, published (DNATed) connections and traffic of
// the same network pass; internal networks send nothing out.
void add_forward(NftBatch& batch, const std::string& table) {
  batch.add_chain(
      make_chain(kFirewallFamily, table, "forward", ChainHook{NF_INET_FORWARD, 0, "filter"}).get());
  auto rule = [&] { return RuleBuilder(kFirewallFamily, table, "forward"); };
  auto replies = rule();
  replies.ct(NFT_CT_STATE, NFT_REG_1)
      .bitwise_nonzero(NFT_REG_1,
                       NF_CT_STATE_BIT(IP_CT_ESTABLISHED) | NF_CT_STATE_BIT(IP_CT_RELATED))
      .verdict(NF_ACCEPT);
  batch.add_rule(replies.build().get());
  auto same_network = rule();
  same_network.meta(NFT_META_IIFNAME, NFT_REG_1)
      .meta(NFT_META_OIFNAME, NFT_REG_2)
      .lookup(NFT_REG_1, kSameBridge)
      .verdict(NF_ACCEPT);
  batch.add_rule(same_network.build().get());
  auto published = rule();
  published.ct(NFT_CT_STATUS, NFT_REG_1)
      .bitwise_nonzero(NFT_REG_1, IPS_DST_NAT)
      .meta(NFT_META_OIFNAME, NFT_REG_1)
      .lookup(NFT_REG_1, kBridges)
      .verdict(NF_ACCEPT);
  batch.add_rule(published.build().get());
  auto into_bridge = rule();
  into_bridge.meta(NFT_META_OIFNAME, NFT_REG_1).lookup(NFT_REG_1, kBridges).verdict(NF_DROP);
  batch.add_rule(into_bridge.build().get());
  auto out_of_internal = rule();
  out_of_internal.meta(NFT_META_IIFNAME, NFT_REG_1)
      .lookup(NFT_REG_1, kInternalBridges)
      .verdict(NF_DROP);
  batch.add_rule(out_of_internal.build().get());
}
}  // namespace

void add_firewall_layout(NftBatch& batch, const std::string& table) {
  batch.add_table(make_table(kFirewallFamily, table).get());
  add_sets(batch, table);
  add_published_chain(batch, table);
  add_dnat_hook(batch, table, "prerouting", NF_INET_PRE_ROUTING);
  add_dnat_hook(batch, table, "output", NF_INET_LOCAL_OUT);
  add_postrouting(batch, table);
  add_loopback_guard(batch, table);
  add_forward(batch, table);
  add_ipv6_layout(batch, table);
}

// Rules of either family's chains match disjoint packets, so these may come
// after the others, also in a table that had none of them.
void add_ipv6_layout(NftBatch& batch, const std::string& table) {
  add_ipv6_sets(batch, table);
  add_published_rules(
      batch, table,
      {NFPROTO_IPV6, kIpv6DestinationOffset, 16, kPublishedByAddress6, kPublishedAny6});
  add_hairpin_masquerade(batch, table, NFPROTO_IPV6, kIpv6SourceOffset, 16, kSubnets6);
}

}  // namespace berth::network
