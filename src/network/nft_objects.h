#pragma once

#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace berth::network {

// Owning handles for libnftnl objects, and builders for the few shapes berth uses.
struct NftFree {
  void operator()(nftnl_table* table) const { nftnl_table_free(table); }
  void operator()(nftnl_chain* chain) const { nftnl_chain_free(chain); }
  void operator()(nftnl_set* set) const { nftnl_set_free(set); }
  void operator()(nftnl_rule* rule) const { nftnl_rule_free(rule); }
};
using NftTable = std::unique_ptr<nftnl_table, NftFree>;
using NftChain = std::unique_ptr<nftnl_chain, NftFree>;
using NftSet = std::unique_ptr<nftnl_set, NftFree>;
using NftRule = std::unique_ptr<nftnl_rule, NftFree>;

struct ChainHook {
  uint32_t hook;  // NF_INET_PRE_ROUTING, ...
  int32_t priority;
  const char* type;  // "nat" or "filter"
};

NftTable make_table(uint32_t family, const std::string& name);
NftChain make_chain(uint32_t family, const std::string& table, const std::string& name,
                    std::optional<ChainHook> hook = std::nullopt);

struct SetShape {
  uint32_t key_type;  // nft datatype id (concatenations packed 6 bits per part)
  uint32_t key_length;
  uint32_t data_type = 0;  // non-zero makes it a map
  uint32_t data_length = 0;
  bool interval = false;  // elements are ranges (start, end flagged element)
  uint32_t batch_id = 0;  // the kernel wants an id, unique in the batch, on new sets
};
// A set handle naming table and set; elements can be attached for add/delete.
NftSet make_set(uint32_t family, const std::string& table, const std::string& name,
                std::optional<SetShape> shape = std::nullopt);
// Attaches one element (key, optionally mapped to data) to the set handle.
void add_element(nftnl_set* set, const std::vector<uint8_t>& key,
                 const std::vector<uint8_t>& data = {});
// Attaches the element that closes an interval begun by the previous one.
void add_interval_end(nftnl_set* set, const std::vector<uint8_t>& key);

// Builds a rule expression by expression, mirroring `nft --debug=netlink`.
class RuleBuilder {
 public:
  RuleBuilder(uint32_t family, const std::string& table, const std::string& chain);

  RuleBuilder& meta(uint32_t key, uint32_t dreg);
  RuleBuilder& payload(uint32_t base, uint32_t offset, uint32_t length, uint32_t dreg);
  RuleBuilder& compare(uint32_t op, uint32_t sreg, const void* data, uint32_t length);
  RuleBuilder& compare_u32(uint32_t op, uint32_t sreg, uint32_t value);
  RuleBuilder& compare_ifname(uint32_t op, uint32_t sreg, const std::string& name);
  RuleBuilder& bitwise_nonzero(uint32_t sreg, uint32_t mask);  // reg & mask != 0
  RuleBuilder& lookup(uint32_t sreg, const std::string& set, bool inverted = false);
  RuleBuilder& map_lookup(uint32_t sreg, const std::string& map, uint32_t dreg);
  RuleBuilder& fib_daddr_type(uint32_t dreg);
  RuleBuilder& ct(uint32_t key, uint32_t dreg);
  RuleBuilder& dnat(uint32_t nfproto, uint32_t address_reg, uint32_t port_reg);
  RuleBuilder& masquerade();
  RuleBuilder& verdict(int32_t code, const std::string& chain = {});
  RuleBuilder& comment(const std::string& text);

  NftRule build() { return std::move(rule_); }

 private:
  nftnl_expr* add(const char* name);

  NftRule rule_;
};

}  // namespace berth::network
