#include "network/nft_objects.h"

#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <net/if.h>

#include <cstring>

#include "util/error.h"

namespace berth::network {

NftTable make_table(uint32_t family, const std::string& name) {
  NftTable table(nftnl_table_alloc());
  nftnl_table_set_u32(table.get(), NFTNL_TABLE_FAMILY, family);
  nftnl_table_set_str(table.get(), NFTNL_TABLE_NAME, name.c_str());
  return table;
}

NftChain make_chain(uint32_t family, const std::string& table, const std::string& name,
                    std::optional<ChainHook> hook) {
  NftChain chain(nftnl_chain_alloc());
  nftnl_chain_set_u32(chain.get(), NFTNL_CHAIN_FAMILY, family);
  nftnl_chain_set_str(chain.get(), NFTNL_CHAIN_TABLE, table.c_str());
  nftnl_chain_set_str(chain.get(), NFTNL_CHAIN_NAME, name.c_str());
  if (hook) {
    nftnl_chain_set_u32(chain.get(), NFTNL_CHAIN_HOOKNUM, hook->hook);
    nftnl_chain_set_s32(chain.get(), NFTNL_CHAIN_PRIO, hook->priority);
    nftnl_chain_set_str(chain.get(), NFTNL_CHAIN_TYPE, hook->type);
    nftnl_chain_set_u32(chain.get(), NFTNL_CHAIN_POLICY, NF_ACCEPT);
  }
  return chain;
}

NftSet make_set(uint32_t family, const std::string& table, const std::string& name,
                std::optional<SetShape> shape) {
  NftSet set(nftnl_set_alloc());
  nftnl_set_set_u32(set.get(), NFTNL_SET_FAMILY, family);
  nftnl_set_set_str(set.get(), NFTNL_SET_TABLE, table.c_str());
  nftnl_set_set_str(set.get(), NFTNL_SET_NAME, name.c_str());
  if (shape) {
    nftnl_set_set_u32(set.get(), NFTNL_SET_KEY_TYPE, shape->key_type);
    nftnl_set_set_u32(set.get(), NFTNL_SET_KEY_LEN, shape->key_length);
    uint32_t flags = shape->interval ? NFT_SET_INTERVAL : 0;
    if (shape->data_type) {
      flags |= NFT_SET_MAP;
      nftnl_set_set_u32(set.get(), NFTNL_SET_DATA_TYPE, shape->data_type);
      nftnl_set_set_u32(set.get(), NFTNL_SET_DATA_LEN, shape->data_length);
    }
    nftnl_set_set_u32(set.get(), NFTNL_SET_FLAGS, flags);
    nftnl_set_set_u32(set.get(), NFTNL_SET_ID, shape->batch_id);
  }
  return set;
}

void add_element(nftnl_set* set, const std::vector<uint8_t>& key,
                 const std::vector<uint8_t>& data) {
  nftnl_set_elem* element = nftnl_set_elem_alloc();
  nftnl_set_elem_set(element, NFTNL_SET_ELEM_KEY, key.data(), static_cast<uint32_t>(key.size()));
  if (!data.empty())
    nftnl_set_elem_set(element, NFTNL_SET_ELEM_DATA, data.data(),
                       static_cast<uint32_t>(data.size()));
  nftnl_set_elem_add(set, element);
}

void add_interval_end(nftnl_set* set, const std::vector<uint8_t>& key) {
  nftnl_set_elem* element = nftnl_set_elem_alloc();
  nftnl_set_elem_set(element, NFTNL_SET_ELEM_KEY, key.data(), static_cast<uint32_t>(key.size()));
  nftnl_set_elem_set_u32(element, NFTNL_SET_ELEM_FLAGS, NFT_SET_ELEM_INTERVAL_END);
  nftnl_set_elem_add(set, element);
}

RuleBuilder::RuleBuilder(uint32_t family, const std::string& table, const std::string& chain)
    : rule_(nftnl_rule_alloc()) {
  nftnl_rule_set_u32(rule_.get(), NFTNL_RULE_FAMILY, family);
  nftnl_rule_set_str(rule_.get(), NFTNL_RULE_TABLE, table.c_str());
  nftnl_rule_set_str(rule_.get(), NFTNL_RULE_CHAIN, chain.c_str());
}

nftnl_expr* RuleBuilder::add(const char* name) {
  nftnl_expr* expression = nftnl_expr_alloc(name);
  if (!expression) throw Error("libnftnl does not know the expression", name);
  nftnl_rule_add_expr(rule_.get(), expression);
  return expression;
}

RuleBuilder& RuleBuilder::meta(uint32_t key, uint32_t dreg) {
  auto* e = add("meta");
  nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
  nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
  return *this;
}

RuleBuilder& RuleBuilder::payload(uint32_t base, uint32_t offset, uint32_t length, uint32_t dreg) {
  auto* e = add("payload");
  nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
  nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
  nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, length);
  nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
  return *this;
}

RuleBuilder& RuleBuilder::compare(uint32_t op, uint32_t sreg, const void* data, uint32_t length) {
  auto* e = add("cmp");
  nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, sreg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
  nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, length);
  return *this;
}

RuleBuilder& RuleBuilder::compare_u32(uint32_t op, uint32_t sreg, uint32_t value) {
  return compare(op, sreg, &value, sizeof value);
}

RuleBuilder& RuleBuilder::compare_ifname(uint32_t op, uint32_t sreg, const std::string& name) {
  char padded[IFNAMSIZ] = {};
  std::strncpy(padded, name.c_str(), IFNAMSIZ - 1);
  return compare(op, sreg, padded, IFNAMSIZ);
}

RuleBuilder& RuleBuilder::bitwise_nonzero(uint32_t sreg, uint32_t mask) {
  auto* e = add("bitwise");
  uint32_t zero = 0;
  nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, sreg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, sreg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, sizeof mask);
  nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, &mask, sizeof mask);
  nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, &zero, sizeof zero);
  return compare_u32(NFT_CMP_NEQ, sreg, 0);
}

RuleBuilder& RuleBuilder::lookup(uint32_t sreg, const std::string& set, bool inverted) {
  auto* e = add("lookup");
  nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
  nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set.c_str());
  if (inverted) nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_FLAGS, NFT_LOOKUP_F_INV);
  return *this;
}

RuleBuilder& RuleBuilder::map_lookup(uint32_t sreg, const std::string& map, uint32_t dreg) {
  auto* e = add("lookup");
  nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, dreg);
  nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, map.c_str());
  return *this;
}

RuleBuilder& RuleBuilder::fib_daddr_type(uint32_t dreg) {
  auto* e = add("fib");
  nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_FLAGS, NFTA_FIB_F_DADDR);
  nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_RESULT, NFT_FIB_RESULT_ADDRTYPE);
  nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_DREG, dreg);
  return *this;
}

RuleBuilder& RuleBuilder::ct(uint32_t key, uint32_t dreg) {
  auto* e = add("ct");
  nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, key);
  nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, dreg);
  return *this;
}

RuleBuilder& RuleBuilder::dnat(uint32_t nfproto, uint32_t address_reg, uint32_t port_reg) {
  auto* e = add("nat");
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, NFT_NAT_DNAT);
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, nfproto);
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, address_reg);
  nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN, port_reg);
  return *this;
}

RuleBuilder& RuleBuilder::masquerade() {
  add("masq");
  return *this;
}

RuleBuilder& RuleBuilder::verdict(int32_t code, const std::string& chain) {
  auto* e = add("immediate");
  nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
  nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, static_cast<uint32_t>(code));
  if (!chain.empty()) nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN, chain.c_str());
  return *this;
}

RuleBuilder& RuleBuilder::comment(const std::string& text) {
  nftnl_udata_buf* buffer = nftnl_udata_buf_alloc(256);
  nftnl_udata_put_strz(buffer, 0 /* NFTNL_UDATA_RULE_COMMENT */, text.c_str());
  nftnl_rule_set_data(rule_.get(), NFTNL_RULE_USERDATA, nftnl_udata_buf_data(buffer),
                      nftnl_udata_buf_len(buffer));
  nftnl_udata_buf_free(buffer);
  return *this;
}

}  // namespace berth::network
