#include "network/firewall_table.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <net/if.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "network/firewall_layout.h"
#include "network/nft_batch.h"
#include "network/nft_objects.h"
#include "util/error.h"

namespace berth::network {

namespace {
using namespace nft_names;

std::vector<uint8_t> ifname_key(const std::string& name) {
  std::vector<uint8_t> key(IFNAMSIZ, 0);
  std::memcpy(key.data(), name.data(), std::min(name.size(), size_t{IFNAMSIZ - 1}));
  return key;
}

// Appends a value in network byte order, padded to the 4-byte register slot
// that nftables gives every part of a concatenation.
void append_slot(std::vector<uint8_t>& bytes, const void* value, size_t length) {
  auto* begin = static_cast<const uint8_t*>(value);
  bytes.insert(bytes.end(), begin, begin + length);
  bytes.resize(bytes.size() + (4 - length % 4) % 4, 0);
}

std::vector<uint8_t> port_key(const PortMapping& port) {
  std::vector<uint8_t> key;
  if (port.host_ip) {
    uint32_t address = port.host_ip->network_order();
    append_slot(key, &address, 4);
  }
  auto protocol = static_cast<uint8_t>(port.protocol);
  append_slot(key, &protocol, 1);
  uint16_t host_port = htons(port.host_port);
  append_slot(key, &host_port, 2);
  return key;
}

std::vector<uint8_t> port_target(const PortMapping& port) {
  std::vector<uint8_t> data;
  uint32_t address = port.target.network_order();
  append_slot(data, &address, 4);
  uint16_t target_port = htons(port.target_port);
  append_slot(data, &target_port, 2);
  return data;
}
}  // namespace

bool FirewallTable::exists() const {
  std::unique_ptr<mnl_socket, decltype(&mnl_socket_close)> socket(
      mnl_socket_open(NETLINK_NETFILTER), mnl_socket_close);
  if (!socket || mnl_socket_bind(socket.get(), 0, MNL_SOCKET_AUTOPID) < 0)
    throw_errno("opening nf_tables netlink socket");
  std::vector<char> buffer(MNL_SOCKET_BUFFER_SIZE);
  nlmsghdr* request =
      nftnl_nlmsg_build_hdr(buffer.data(), NFT_MSG_GETTABLE, kFirewallFamily, NLM_F_ACK, 1);
  nftnl_table_nlmsg_build_payload(request, make_table(kFirewallFamily, name_).get());
  if (mnl_socket_sendto(socket.get(), request, request->nlmsg_len) < 0)
    throw_errno("asking for nftables table", name_);
  for (;;) {
    ssize_t received = mnl_socket_recvfrom(socket.get(), buffer.data(), buffer.size());
    if (received < 0) throw_errno("reading nftables table", name_);
    int rc = mnl_cb_run(buffer.data(), static_cast<size_t>(received), 1,
                        mnl_socket_get_portid(socket.get()), nullptr, nullptr);
    if (rc < 0) {
      if (errno == ENOENT) return false;
      throw_errno("reading nftables table", name_);
    }
    if (rc == MNL_CB_STOP) return true;
  }
}

void FirewallTable::ensure() const {
  if (exists()) return;
  NftBatch batch;
  add_firewall_layout(batch, name_);
  batch.commit("creating nftables table " + name_);
}

void FirewallTable::remove() const {
  if (!exists()) return;
  NftBatch batch;
  batch.delete_table(make_table(kFirewallFamily, name_).get());
  batch.commit("deleting nftables table " + name_);
}

namespace {
std::vector<uint8_t> address_key(Ipv4Address address) {
  uint32_t raw = address.network_order();
  auto* bytes = reinterpret_cast<const uint8_t*>(&raw);
  return {bytes, bytes + 4};
}

void change_network(NftBatch& batch, const std::string& table,
                    const FirewallTable::Network& network, bool adding) {
  auto apply = [&](NftSet set) {
    adding ? batch.add_elements(set.get(), false) : batch.delete_elements(set.get());
  };
  auto single = [&](const char* set_name, const std::vector<uint8_t>& key) {
    NftSet set = make_set(kFirewallFamily, table, set_name);
    add_element(set.get(), key);
    apply(std::move(set));
  };
  const auto& bridge = network.bridge;
  single(kBridges, ifname_key(bridge));
  single(network.internal ? kInternalBridges : kNatBridges, ifname_key(bridge));
  auto pair = ifname_key(bridge);
  auto second = ifname_key(bridge);
  pair.insert(pair.end(), second.begin(), second.end());
  single(kSameBridge, pair);

  NftSet subnets = make_set(kFirewallFamily, table, kSubnets);
  add_element(subnets.get(), address_key(network.subnet.network()));
  Ipv4Address past_end{network.subnet.broadcast().value + 1};
  if (past_end.value != 0) add_interval_end(subnets.get(), address_key(past_end));
  apply(std::move(subnets));
}
}  // namespace

void FirewallTable::add_network(const Network& network) const {
  ensure();
  NftBatch batch;
  change_network(batch, name_, network, true);
  batch.commit("adding network " + network.bridge + " to nftables table " + name_);
}

void FirewallTable::remove_network(const Network& network) const {
  if (!exists()) return;
  NftBatch batch;
  change_network(batch, name_, network, false);
  batch.commit("removing network " + network.bridge + " from nftables table " + name_);
}

namespace {
void change_ports(NftBatch& batch, const std::string& table, const std::vector<PortMapping>& ports,
                  bool adding) {
  NftSet by_address = make_set(kFirewallFamily, table, kPublishedByAddress);
  NftSet any = make_set(kFirewallFamily, table, kPublishedAny);
  bool have_by_address = false, have_any = false;
  for (const auto& port : ports) {
    nftnl_set* set = port.host_ip ? by_address.get() : any.get();
    (port.host_ip ? have_by_address : have_any) = true;
    add_element(set, port_key(port), adding ? port_target(port) : std::vector<uint8_t>{});
  }
  auto apply = [&](nftnl_set* set) {
    adding ? batch.add_elements(set, true) : batch.delete_elements(set);
  };
  if (have_by_address) apply(by_address.get());
  if (have_any) apply(any.get());
}
}  // namespace

void FirewallTable::publish(const std::vector<PortMapping>& ports) const {
  if (ports.empty()) return;
  NftBatch batch;
  change_ports(batch, name_, ports, true);
  batch.commit("publishing ports (first " + ports.front().describe() + ")");
}

void FirewallTable::unpublish(const std::vector<PortMapping>& ports) const {
  if (ports.empty()) return;
  NftBatch batch;
  change_ports(batch, name_, ports, false);
  batch.commit("unpublishing ports (first " + ports.front().describe() + ")");
}

}  // namespace berth::network
