#include "network/firewall_table.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <net/if.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <functional>
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

void append_address(std::vector<uint8_t>& bytes, const IpAddress& address) {
  if (const auto* v6 = std::get_if<Ipv6Address>(&address)) {
    append_slot(bytes, v6->bytes.data(), v6->bytes.size());
    return;
  }
  uint32_t raw = std::get<Ipv4Address>(address).network_order();
  append_slot(bytes, &raw, 4);
}

std::vector<uint8_t> port_key(const PortMapping& port) {
  std::vector<uint8_t> key;
  if (port.host_ip) append_address(key, *port.host_ip);
  auto protocol = static_cast<uint8_t>(port.protocol);
  append_slot(key, &protocol, 1);
  uint16_t host_port = htons(port.host_port);
  append_slot(key, &host_port, 2);
  return key;
}

std::vector<uint8_t> port_target(const PortMapping& port) {
  std::vector<uint8_t> data;
  append_address(data, port.target);
  uint16_t target_port = htons(port.target_port);
  append_slot(data, &target_port, 2);
  return data;
}
}  // namespace

namespace {
// Asks nf_tables for one object (a table, a set): false when it answers ENOENT.
bool nftables_has(uint16_t message_type, const std::function<void(nlmsghdr*)>& describe,
                  const std::string& what) {
  std::unique_ptr<mnl_socket, decltype(&mnl_socket_close)> socket(
      mnl_socket_open(NETLINK_NETFILTER), mnl_socket_close);
  if (!socket || mnl_socket_bind(socket.get(), 0, MNL_SOCKET_AUTOPID) < 0)
    throw_errno("opening nf_tables netlink socket");
  std::vector<char> buffer(MNL_SOCKET_BUFFER_SIZE);
  nlmsghdr* request =
      nftnl_nlmsg_build_hdr(buffer.data(), message_type, kFirewallFamily, NLM_F_ACK, 1);
  describe(request);
  if (mnl_socket_sendto(socket.get(), request, request->nlmsg_len) < 0)
    throw_errno("asking for nftables " + what);
  for (;;) {
    ssize_t received = mnl_socket_recvfrom(socket.get(), buffer.data(), buffer.size());
    if (received < 0) throw_errno("reading nftables " + what);
    int rc = mnl_cb_run(buffer.data(), static_cast<size_t>(received), 1,
                        mnl_socket_get_portid(socket.get()), nullptr, nullptr);
    if (rc < 0) {
      if (errno == ENOENT) return false;
      throw_errno("reading nftables " + what);
    }
    if (rc == MNL_CB_STOP) return true;
  }
}
}  // namespace

bool FirewallTable::exists() const {
  return nftables_has(
      NFT_MSG_GETTABLE,
      [&](nlmsghdr* request) {
        nftnl_table_nlmsg_build_payload(request, make_table(kFirewallFamily, name_).get());
      },
      "table " + name_);
}

// A table made by a berth without IPv6 gets those parts added in place: it
// may hold the elements of running stacks.
void FirewallTable::ensure() const {
  NftBatch batch;
  if (!exists()) {
    add_firewall_layout(batch, name_);
    batch.commit("creating nftables table " + name_);
    return;
  }
  bool has_ipv6 = nftables_has(
      NFT_MSG_GETSET,
      [&](nlmsghdr* request) {
        nftnl_set_nlmsg_build_payload(request, make_set(kFirewallFamily, name_, kSubnets6).get());
      },
      "set " + std::string(kSubnets6));
  if (has_ipv6) return;
  add_ipv6_layout(batch, name_);
  batch.commit("adding IPv6 to nftables table " + name_);
}

void FirewallTable::remove() const {
  if (!exists()) return;
  NftBatch batch;
  batch.delete_table(make_table(kFirewallFamily, name_).get());
  batch.commit("deleting nftables table " + name_);
}

namespace {
std::vector<uint8_t> address_key(const IpAddress& address) {
  std::vector<uint8_t> key;
  append_address(key, address);
  return key;
}

// An interval set element pair covering the subnet; the end is left open
// when the subnet reaches the top of the address space.
void add_subnet_interval(nftnl_set* set, const IpAddress& first,
                         const std::optional<IpAddress>& past_end) {
  add_element(set, address_key(first));
  if (past_end) add_interval_end(set, address_key(*past_end));
}

std::optional<IpAddress> past_end(const Ipv4Subnet& subnet) {
  Ipv4Address next{subnet.broadcast().value + 1};
  if (next.value == 0) return std::nullopt;
  return next;
}

std::optional<IpAddress> past_end(const Ipv6Subnet& subnet) {
  if (auto next = subnet.past_end()) return *next;
  return std::nullopt;
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
  add_subnet_interval(subnets.get(), network.subnet.network(), past_end(network.subnet));
  apply(std::move(subnets));
  if (network.subnet6) {
    NftSet subnets6 = make_set(kFirewallFamily, table, kSubnets6);
    add_subnet_interval(subnets6.get(), network.subnet6->network(), past_end(*network.subnet6));
    apply(std::move(subnets6));
  }
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
// Elements per message: each message's payload must fit the batch's
// message room (64 KiB), and an IPv6 element takes about 100 bytes.
constexpr size_t kElementsPerMessage = 256;

void change_ports(NftBatch& batch, const std::string& table, const std::vector<PortMapping>& ports,
                  bool adding) {
  // One handle per map (by address or any, IPv4 or IPv6 target), sent and
  // started afresh whenever it holds a message's worth.
  std::array<NftSet, 4> sets;
  std::array<size_t, 4> counts{};
  const std::array<const char*, 4> names{kPublishedAny, kPublishedByAddress, kPublishedAny6,
                                         kPublishedByAddress6};
  auto flush = [&](size_t which) {
    if (!sets[which]) return;
    adding ? batch.add_elements(sets[which].get(), true) : batch.delete_elements(sets[which].get());
    sets[which].reset();
    counts[which] = 0;
  };
  for (const auto& port : ports) {
    size_t which = (port.host_ip ? 1 : 0) + (port.ipv6() ? 2 : 0);
    if (!sets[which]) sets[which] = make_set(kFirewallFamily, table, names[which]);
    add_element(sets[which].get(), port_key(port),
                adding ? port_target(port) : std::vector<uint8_t>{});
    if (++counts[which] == kElementsPerMessage) flush(which);
  }
  for (size_t which = 0; which < sets.size(); ++which) flush(which);
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
