#pragma once

#include <libmnl/libmnl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct nftnl_table;
struct nftnl_chain;
struct nftnl_set;
struct nftnl_rule;

namespace berth::network {

// One nf_tables transaction: messages collected here are applied by the kernel
// all together or not at all when commit() sends them.
class NftBatch {
 public:
  NftBatch();
  NftBatch(const NftBatch&) = delete;
  NftBatch& operator=(const NftBatch&) = delete;
  ~NftBatch();

  void add_table(const nftnl_table* table);
  void delete_table(const nftnl_table* table);
  void add_chain(const nftnl_chain* chain);
  void add_set(nftnl_set* set);
  // Appends, or with `at_start` inserts before the chain's first rule.
  void add_rule(nftnl_rule* rule, bool at_start = false);
  void delete_rule(nftnl_rule* rule);  // the rule handle names table, chain and handle
  // Elements already attached to `set` (which names table, family and set).
  // `exclusive` makes the batch fail when an element exists already.
  void add_elements(nftnl_set* set, bool exclusive);
  void delete_elements(nftnl_set* set);

  bool empty() const { return messages_ == 0; }
  // Sends the batch and waits for every answer; the first refusal becomes an
  // Error that names `what` and the failing message's kind.
  void commit(const std::string& what);

 private:
  nlmsghdr* next_header(uint16_t type, uint16_t family, uint16_t flags);
  void finish_message(nlmsghdr* header, const char* kind);
  void read_answers(const std::string& what);
  void make_room();

  struct Closer {
    void operator()(mnl_socket* socket) const { mnl_socket_close(socket); }
  };
  std::unique_ptr<mnl_socket, Closer> socket_;
  // Not zero-filled: a batch writes only a few of the pages it keeps room for,
  // and every page touched costs a page fault.
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t used_ = 0;
  uint32_t first_sequence_;
  uint32_t sequence_;
  int messages_ = 0;
  std::vector<const char*> kinds_;  // per message, for error text
};

}  // namespace berth::network
