#include "network/nftables_probe.h"

#include <libmnl/libmnl.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

namespace berth::network {

namespace {
struct SocketCloser {
  void operator()(mnl_socket* socket) const { mnl_socket_close(socket); }
};
using NetlinkSocket = std::unique_ptr<mnl_socket, SocketCloser>;

NftablesSupport failure(const char* step) {
  return {false, std::string(step) + ": " + std::strerror(errno)};
}
}  // namespace

NftablesSupport probe_nftables() {
  NetlinkSocket socket(mnl_socket_open(NETLINK_NETFILTER));
  if (!socket) return failure("opening netfilter netlink socket");
  if (mnl_socket_bind(socket.get(), 0, MNL_SOCKET_AUTOPID) < 0) return failure("binding socket");

  std::vector<char> buffer(MNL_SOCKET_BUFFER_SIZE);
  uint32_t sequence = 1;
  nlmsghdr* request =
      nftnl_nlmsg_build_hdr(buffer.data(), NFT_MSG_GETTABLE, NFPROTO_UNSPEC, NLM_F_DUMP, sequence);
  if (mnl_socket_sendto(socket.get(), request, request->nlmsg_len) < 0)
    return failure("sending table dump request");

  uint32_t port = mnl_socket_get_portid(socket.get());
  for (;;) {
    ssize_t received = mnl_socket_recvfrom(socket.get(), buffer.data(), buffer.size());
    if (received < 0) return failure("receiving table dump");
    int rc =
        mnl_cb_run(buffer.data(), static_cast<size_t>(received), sequence, port, nullptr, nullptr);
    if (rc < 0) return failure("nf_tables answered");
    if (rc == MNL_CB_STOP) return {true, {}};
  }
}

}  // namespace berth::network
