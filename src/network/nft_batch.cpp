#include "network/nft_batch.h"

#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/error.h"

namespace berth::network {

namespace {
constexpr size_t kMessageRoom = 64 * 1024;  // the largest single message berth builds
}

NftBatch::NftBatch()
    : socket_(mnl_socket_open(NETLINK_NETFILTER)),
      first_sequence_(static_cast<uint32_t>(time(nullptr))),
      sequence_(first_sequence_) {
  if (!socket_) throw_errno("opening nf_tables netlink socket");
  if (mnl_socket_bind(socket_.get(), 0, MNL_SOCKET_AUTOPID) < 0)
    throw_errno("binding nf_tables netlink socket");
  make_room();
  nftnl_batch_begin(buffer_.get(), sequence_++);
  used_ = MNL_ALIGN(reinterpret_cast<nlmsghdr*>(buffer_.get())->nlmsg_len);
}

NftBatch::~NftBatch() = default;

// Keeps room for the largest message after what is used.
void NftBatch::make_room() {
  if (capacity_ - used_ >= kMessageRoom) return;
  size_t capacity = std::max(capacity_ * 2, used_ + 2 * kMessageRoom);
  auto grown = std::make_unique_for_overwrite<char[]>(capacity);
  if (used_ > 0) std::memcpy(grown.get(), buffer_.get(), used_);
  buffer_ = std::move(grown);
  capacity_ = capacity;
}

nlmsghdr* NftBatch::next_header(uint16_t type, uint16_t family, uint16_t flags) {
  make_room();
  return nftnl_nlmsg_build_hdr(buffer_.get() + used_, type, family, flags | NLM_F_ACK, sequence_++);
}

void NftBatch::finish_message(nlmsghdr* header, const char* kind) {
  used_ += MNL_ALIGN(header->nlmsg_len);
  ++messages_;
  kinds_.push_back(kind);
}

void NftBatch::add_table(const nftnl_table* table) {
  auto* header =
      next_header(NFT_MSG_NEWTABLE, nftnl_table_get_u32(table, NFTNL_TABLE_FAMILY), NLM_F_CREATE);
  nftnl_table_nlmsg_build_payload(header, table);
  finish_message(header, "adding table");
}

void NftBatch::delete_table(const nftnl_table* table) {
  auto* header = next_header(NFT_MSG_DELTABLE, nftnl_table_get_u32(table, NFTNL_TABLE_FAMILY), 0);
  nftnl_table_nlmsg_build_payload(header, table);
  finish_message(header, "deleting table");
}

void NftBatch::add_chain(const nftnl_chain* chain) {
  auto* header =
      next_header(NFT_MSG_NEWCHAIN, nftnl_chain_get_u32(chain, NFTNL_CHAIN_FAMILY), NLM_F_CREATE);
  nftnl_chain_nlmsg_build_payload(header, chain);
  finish_message(header, "adding chain");
}

void NftBatch::add_set(nftnl_set* set) {
  auto* header =
      next_header(NFT_MSG_NEWSET, nftnl_set_get_u32(set, NFTNL_SET_FAMILY), NLM_F_CREATE);
  nftnl_set_nlmsg_build_payload(header, set);
  finish_message(header, "adding set");
}

void NftBatch::add_rule(nftnl_rule* rule, bool at_start) {
  auto* header = next_header(NFT_MSG_NEWRULE, nftnl_rule_get_u32(rule, NFTNL_RULE_FAMILY),
                             NLM_F_CREATE | (at_start ? 0 : NLM_F_APPEND));
  nftnl_rule_nlmsg_build_payload(header, rule);
  finish_message(header, "adding rule");
}

void NftBatch::delete_rule(nftnl_rule* rule) {
  auto* header = next_header(NFT_MSG_DELRULE, nftnl_rule_get_u32(rule, NFTNL_RULE_FAMILY), 0);
  nftnl_rule_nlmsg_build_payload(header, rule);
  finish_message(header, "deleting rule");
}

void NftBatch::add_elements(nftnl_set* set, bool exclusive) {
  auto* header = next_header(NFT_MSG_NEWSETELEM, nftnl_set_get_u32(set, NFTNL_SET_FAMILY),
                             NLM_F_CREATE | (exclusive ? NLM_F_EXCL : 0));
  nftnl_set_elems_nlmsg_build_payload(header, set);
  finish_message(header, "adding set elements");
}

void NftBatch::delete_elements(nftnl_set* set) {
  auto* header = next_header(NFT_MSG_DELSETELEM, nftnl_set_get_u32(set, NFTNL_SET_FAMILY), 0);
  nftnl_set_elems_nlmsg_build_payload(header, set);
  finish_message(header, "deleting set elements");
}

void NftBatch::commit(const std::string& what) {
  if (empty()) return;
  make_room();
  nlmsghdr* end = nftnl_batch_end(buffer_.get() + used_, sequence_++);
  size_t length = used_ + MNL_ALIGN(end->nlmsg_len);
  // A batch goes as one datagram: the socket's send buffer must hold it, as
  // nft makes sure too (the default is about 200 KiB).
  if (length > kMessageRoom) {
    int wanted = static_cast<int>(length * 2);
    ::setsockopt(mnl_socket_get_fd(socket_.get()), SOL_SOCKET, SO_SNDBUFFORCE, &wanted,
                 sizeof wanted);
  }
  if (mnl_socket_sendto(socket_.get(), buffer_.get(), length) < 0)
    throw_errno(what + " (sending nf_tables batch)");
  read_answers(what);
}

// Every message asked for an acknowledgement, so exactly one answer arrives
// per message unless the kernel gave up early after an error.
void NftBatch::read_answers(const std::string& what) {
  std::vector<char> buffer(MNL_SOCKET_BUFFER_SIZE);
  int answers = 0;
  int first_error = 0;
  const char* failed_kind = "";
  while (answers < messages_) {
    int flags = first_error ? MSG_DONTWAIT : 0;
    ssize_t received = recv(mnl_socket_get_fd(socket_.get()), buffer.data(), buffer.size(), flags);
    if (received < 0) {
      if (first_error && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      throw_errno(what + " (receiving nf_tables answers)");
    }
    auto* header = reinterpret_cast<nlmsghdr*>(buffer.data());
    int remaining = static_cast<int>(received);
    for (; mnl_nlmsg_ok(header, remaining); header = mnl_nlmsg_next(header, &remaining)) {
      if (header->nlmsg_type != NLMSG_ERROR) continue;
      ++answers;
      auto* answer = static_cast<nlmsgerr*>(mnl_nlmsg_get_payload(header));
      if (answer->error != 0 && !first_error) {
        first_error = -answer->error;
        uint32_t index = header->nlmsg_seq - first_sequence_ - 1;
        if (index < kinds_.size()) failed_kind = kinds_[index];
      }
    }
  }
  if (first_error) throw_errno(first_error, what + " (" + failed_kind + ")");
}

}  // namespace berth::network
