#include "network/forward_coexistence.h"

#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <cstring>

#include "network/nft_batch.h"
#include "network/nft_dump.h"
#include "network/nft_objects.h"
#include "util/error.h"

namespace berth::network {

namespace {
constexpr const char* kDockerUserChain = "DOCKER-USER";

struct ChainInfo {
  uint32_t family;
  std::string table, name;
  bool forward;
  bool drop;
};

std::vector<ChainInfo> all_chains() {
  std::vector<ChainInfo> chains;
  nft_dump(
      NFT_MSG_GETCHAIN, NFPROTO_UNSPEC, nullptr,
      [&](const nlmsghdr* header) {
        NftChain chain(nftnl_chain_alloc());
        if (nftnl_chain_nlmsg_parse(header, chain.get()) < 0) return;
        auto* c = chain.get();
        bool base = nftnl_chain_is_set(c, NFTNL_CHAIN_HOOKNUM);
        bool forward = base && nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM) == NF_INET_FORWARD;
        bool drop = forward && nftnl_chain_is_set(c, NFTNL_CHAIN_POLICY) &&
                    nftnl_chain_get_u32(c, NFTNL_CHAIN_POLICY) == NF_DROP;
        chains.push_back({nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY),
                          nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE),
                          nftnl_chain_get_str(c, NFTNL_CHAIN_NAME), forward, drop});
      },
      "listing nftables chains");
  return chains;
}

std::vector<uint8_t> comment_userdata(const std::string& text) {
  nftnl_udata_buf* buffer = nftnl_udata_buf_alloc(256);
  nftnl_udata_put_strz(buffer, 0 /* NFTNL_UDATA_RULE_COMMENT */, text.c_str());
  auto* data = static_cast<const uint8_t*>(nftnl_udata_buf_data(buffer));
  std::vector<uint8_t> bytes(data, data + nftnl_udata_buf_len(buffer));
  nftnl_udata_buf_free(buffer);
  return bytes;
}

// Rule handles in `chain` whose comment is exactly `tag`.
std::vector<uint64_t> tagged_rules(const DroppingForwardChain& chain, const std::string& tag) {
  auto wanted = comment_userdata(tag);
  std::vector<uint64_t> handles;
  nft_dump(
      NFT_MSG_GETRULE, static_cast<uint16_t>(chain.family),
      [&](nlmsghdr* request) {
        NftRule filter(nftnl_rule_alloc());
        nftnl_rule_set_str(filter.get(), NFTNL_RULE_TABLE, chain.table.c_str());
        nftnl_rule_set_str(filter.get(), NFTNL_RULE_CHAIN, chain.rule_chain.c_str());
        nftnl_rule_nlmsg_build_payload(request, filter.get());
      },
      [&](const nlmsghdr* header) {
        NftRule rule(nftnl_rule_alloc());
        if (nftnl_rule_nlmsg_parse(header, rule.get()) < 0) return;
        uint32_t length = 0;
        auto* data = static_cast<const uint8_t*>(
            nftnl_rule_get_data(rule.get(), NFTNL_RULE_USERDATA, &length));
        if (data && length == wanted.size() && std::memcmp(data, wanted.data(), length) == 0)
          handles.push_back(nftnl_rule_get_u64(rule.get(), NFTNL_RULE_HANDLE));
      },
      "listing rules of " + chain.table + " " + chain.rule_chain);
  return handles;
}
}  // namespace

std::vector<DroppingForwardChain> find_forward_chains(const std::string& own_table,
                                                      bool any_policy) {
  auto chains = all_chains();
  std::vector<DroppingForwardChain> dropping;
  for (const auto& chain : chains) {
    if (!chain.forward || !(chain.drop || any_policy) || chain.table == own_table) continue;
    DroppingForwardChain found{chain.family, chain.table, chain.name, chain.name};
    for (const auto& other : chains)
      if (other.family == chain.family && other.table == chain.table &&
          other.name == kDockerUserChain)
        found.rule_chain = kDockerUserChain;
    dropping.push_back(found);
  }
  return dropping;
}

std::string ForwardCoexistence::tag(const std::string& bridge) const {
  return "berth:" + root_id_ + ":" + bridge;
}

void ForwardCoexistence::require_permission(const std::string& bridge) const {
  if (enabled_) return;
  auto chains = find_forward_chains(own_table_);
  if (chains.empty()) return;
  const auto& first = chains.front();
  throw Error("forwarded traffic is dropped by the policy of nftables chain " + first.table + " " +
                  first.chain +
                  " and berth may not add rules there (firewall coexistence is off); "
                  "accept traffic of interfaces " +
                  bridge + " there, or turn coexistence on",
              bridge);
}

void ForwardCoexistence::allow(const std::string& bridge) const {
  require_permission(bridge);
  auto chains = find_forward_chains(own_table_);
  if (chains.empty()) return;
  NftBatch batch;
  for (const auto& chain : chains) {
    if (!tagged_rules(chain, tag(bridge)).empty()) continue;
    for (uint32_t direction : {NFT_META_IIFNAME, NFT_META_OIFNAME}) {
      RuleBuilder rule(chain.family, chain.table, chain.rule_chain);
      rule.meta(direction, NFT_REG_1)
          .compare_ifname(NFT_CMP_EQ, NFT_REG_1, bridge)
          .verdict(NF_ACCEPT)
          .comment(tag(bridge));
      batch.add_rule(rule.build().get(), true);
    }
  }
  batch.commit("accepting forwarded traffic of " + bridge + " in " + chains.front().table);
}

void ForwardCoexistence::revoke(const std::string& bridge) const {
  NftBatch batch;
  for (const auto& chain : find_forward_chains(own_table_, true)) {
    for (uint64_t handle : tagged_rules(chain, tag(bridge))) {
      NftRule rule(nftnl_rule_alloc());
      nftnl_rule_set_u32(rule.get(), NFTNL_RULE_FAMILY, chain.family);
      nftnl_rule_set_str(rule.get(), NFTNL_RULE_TABLE, chain.table.c_str());
      nftnl_rule_set_str(rule.get(), NFTNL_RULE_CHAIN, chain.rule_chain.c_str());
      nftnl_rule_set_u64(rule.get(), NFTNL_RULE_HANDLE, handle);
      batch.delete_rule(rule.get());
    }
  }
  batch.commit("removing berth's accept rules for " + bridge);
}

}  // namespace berth::network
