#include "network/nft_dump.h"

#include <libnftnl/common.h>
#include <linux/netfilter/nfnetlink.h>

#include <memory>
#include <vector>

#include "util/error.h"

namespace berth::network {

namespace {
int visit_answer(const nlmsghdr* header, void* data) {
  (*static_cast<const std::function<void(const nlmsghdr*)>*>(data))(header);
  return MNL_CB_OK;
}
}  // namespace

void nft_dump(uint16_t message_type, uint16_t family, const std::function<void(nlmsghdr*)>& fill,
              const std::function<void(const nlmsghdr*)>& visit, const std::string& what) {
  std::unique_ptr<mnl_socket, decltype(&mnl_socket_close)> socket(
      mnl_socket_open(NETLINK_NETFILTER), mnl_socket_close);
  if (!socket || mnl_socket_bind(socket.get(), 0, MNL_SOCKET_AUTOPID) < 0)
    throw_errno("opening nf_tables netlink socket", what);
  std::vector<char> buffer(32768);  // large enough for one dump datagram
  nlmsghdr* request = nftnl_nlmsg_build_hdr(buffer.data(), message_type, family, NLM_F_DUMP, 1);
  if (fill) fill(request);
  if (mnl_socket_sendto(socket.get(), request, request->nlmsg_len) < 0)
    throw_errno("sending nf_tables dump request", what);
  uint32_t port = mnl_socket_get_portid(socket.get());
  for (;;) {
    ssize_t received = mnl_socket_recvfrom(socket.get(), buffer.data(), buffer.size());
    if (received < 0) throw_errno("receiving nf_tables dump", what);
    int rc = mnl_cb_run(buffer.data(), static_cast<size_t>(received), 1, port, visit_answer,
                        const_cast<void*>(static_cast<const void*>(&visit)));
    if (rc < 0) throw_errno("nf_tables dump", what);
    if (rc == MNL_CB_STOP) return;
  }
}

}  // namespace berth::network
