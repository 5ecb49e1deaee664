#include "network/rtnl_socket.h"

#include <linux/rtnetlink.h>

#include <cerrno>
#include <vector>

#include "util/error.h"
#include "util/scoped_netns_entry.h"

namespace berth::network {

RtnlMessage::RtnlMessage(uint16_t type, uint16_t flags)
    : header_(mnl_nlmsg_put_header(buffer_.data())) {
  header_->nlmsg_type = type;
  header_->nlmsg_flags = NLM_F_REQUEST | flags;
}

RtnlSocket::RtnlSocket() : socket_(mnl_socket_open(NETLINK_ROUTE)) {
  if (!socket_) throw_errno("opening rtnetlink socket");
  if (mnl_socket_bind(socket_.get(), 0, MNL_SOCKET_AUTOPID) < 0)
    throw_errno("binding rtnetlink socket");
  port_id_ = mnl_socket_get_portid(socket_.get());
}

RtnlSocket RtnlSocket::in_namespace(const NamespaceFd& netns) {
  ScopedNetnsEntry entry(netns);
  return RtnlSocket();
}

void RtnlSocket::send(RtnlMessage& message, const std::string& what, const std::string& object) {
  nlmsghdr* header = message.header();
  header->nlmsg_seq = next_sequence_++;
  if (mnl_socket_sendto(socket_.get(), header, header->nlmsg_len) < 0)
    throw_errno(what + " (sending)", object);
}

void RtnlSocket::request(RtnlMessage& message, const std::string& what, const std::string& object) {
  message.header()->nlmsg_flags |= NLM_F_ACK;
  send(message, what, object);
  std::vector<char> buffer(MNL_SOCKET_BUFFER_SIZE);
  for (;;) {
    ssize_t received = mnl_socket_recvfrom(socket_.get(), buffer.data(), buffer.size());
    if (received < 0) throw_errno(what + " (receiving)", object);
    int rc = mnl_cb_run(buffer.data(), static_cast<size_t>(received), message.header()->nlmsg_seq,
                        port_id_, nullptr, nullptr);
    if (rc < 0) throw_errno(what, object);
    if (rc == MNL_CB_STOP) return;
  }
}

namespace {
int visit_attribute(const nlattr* attribute, void* data) {
  (*static_cast<const std::function<void(const nlattr*)>*>(data))(attribute);
  return MNL_CB_OK;
}
}  // namespace

void for_each_attribute(const nlmsghdr* header, size_t family_header_size,
                        const std::function<void(const nlattr*)>& visit) {
  mnl_attr_parse(header, static_cast<unsigned>(family_header_size), visit_attribute,
                 const_cast<void*>(static_cast<const void*>(&visit)));
}

bool RtnlSocket::collect_dump(RtnlMessage& message, const std::string& what,
                              std::vector<std::vector<char>>& messages) {
  message.header()->nlmsg_flags |= NLM_F_DUMP;
  send(message, what, {});
  uint32_t sequence = message.header()->nlmsg_seq;
  bool consistent = true;
  std::vector<char> buffer(MNL_SOCKET_BUFFER_SIZE);
  for (;;) {
    ssize_t received = mnl_socket_recvfrom(socket_.get(), buffer.data(), buffer.size());
    if (received < 0) throw_errno(what + " (receiving)");
    int remaining = static_cast<int>(received);
    for (auto* header = reinterpret_cast<const nlmsghdr*>(buffer.data());
         mnl_nlmsg_ok(header, remaining); header = mnl_nlmsg_next(header, &remaining)) {
      if (header->nlmsg_seq != sequence || header->nlmsg_pid != port_id_) continue;
      if (header->nlmsg_flags & NLM_F_DUMP_INTR) consistent = false;
      if (header->nlmsg_type == NLMSG_ERROR || header->nlmsg_type == NLMSG_DONE) {
        const auto* code = static_cast<const int*>(mnl_nlmsg_get_payload(header));
        if (header->nlmsg_len >= mnl_nlmsg_size(sizeof(int)) && *code < 0)
          throw_errno(-*code, what);
        return consistent;
      }
      if (header->nlmsg_type < NLMSG_MIN_TYPE) continue;  // noop, overrun
      const char* bytes = reinterpret_cast<const char*>(header);
      messages.emplace_back(bytes, bytes + header->nlmsg_len);
    }
  }
}

void RtnlSocket::dump(RtnlMessage& message, const std::function<void(const nlmsghdr*)>& visit,
                      const std::string& what) {
  constexpr int kAttempts = 20;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::vector<std::vector<char>> messages;
    if (!collect_dump(message, what, messages)) continue;
    for (const auto& bytes : messages) visit(reinterpret_cast<const nlmsghdr*>(bytes.data()));
    return;
  }
  throw Error(what + ": the kernel's table kept changing during " + std::to_string(kAttempts) +
              " dumps");
}

}  // namespace berth::network
