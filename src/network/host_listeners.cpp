#include "network/host_listeners.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::network {

namespace {
constexpr const char* kTcpListen = "0A";

uint32_t parse_hex(const std::string& text) {
  return static_cast<uint32_t>(std::stoul(text, nullptr, 16));
}

// Unset: the wildcard address.
std::optional<IpAddress> ipv4_listener_address(uint32_t network_order) {
  if (network_order == 0) return std::nullopt;
  return Ipv4Address::from_network_order(network_order);
}

// Unset: the wildcard address; an IPv4-mapped IPv6 address is its IPv4 one.
std::optional<IpAddress> ipv6_listener_address(const uint32_t (&network_order)[4]) {
  Ipv6Address address;
  std::memcpy(address.bytes.data(), network_order, 16);
  if (address == Ipv6Address{}) return std::nullopt;
  if (Ipv6Subnet::parse("::ffff:0:0/96").contains(address))
    return Ipv4Address::from_network_order(network_order[3]);
  return address;
}

// The kernel prints each 32-bit word of the address as the host-order value
// of its network-order bytes, so one word maps back as it is in memory.
std::optional<std::optional<IpAddress>> decode_address(const std::string& hex, bool ipv6) {
  if (!ipv6) return ipv4_listener_address(parse_hex(hex));
  if (hex.size() != 32) return std::nullopt;
  uint32_t words[4];
  for (size_t i = 0; i < 4; ++i) words[i] = parse_hex(hex.substr(i * 8, 8));
  return ipv6_listener_address(words);
}

// Asks sock_diag for the sockets of one family and protocol; nullopt when the
// kernel has no sock_diag for them.
std::optional<std::vector<HostListener>> diag_listeners(uint8_t family, Protocol protocol) {
  UniqueFd socket(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (!socket) return std::nullopt;
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof(message);
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.sdiag_family = family;
  message.request.sdiag_protocol = protocol == Protocol::tcp ? IPPROTO_TCP : IPPROTO_UDP;
  message.request.idiag_states = protocol == Protocol::tcp ? 1U << TCP_LISTEN : ~0U;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(socket.get(), &message, sizeof(message), 0, reinterpret_cast<sockaddr*>(&kernel),
               sizeof(kernel)) < 0)
    return std::nullopt;
  std::vector<HostListener> listeners;
  alignas(nlmsghdr) char buffer[16384];
  while (true) {
    ssize_t received = ::recv(socket.get(), buffer, sizeof(buffer), 0);
    if (received < 0 && errno == EINTR) continue;
    if (received <= 0) return std::nullopt;
    int remaining = static_cast<int>(received);
    for (auto* header = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(header, remaining);
         header = NLMSG_NEXT(header, remaining)) {
      if (header->nlmsg_type == NLMSG_DONE) return listeners;
      if (header->nlmsg_type == NLMSG_ERROR) return std::nullopt;
      if (header->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg))) continue;
      auto* socket_info = static_cast<const inet_diag_msg*>(NLMSG_DATA(header));
      if (auto listener = decode_diag_listener(*socket_info, protocol))
        listeners.push_back(*listener);
    }
  }
}

std::vector<HostListener> proc_listeners() {
  std::vector<HostListener> all;
  struct Table {
    const char* name;
    Protocol protocol;
    bool ipv6;
  };
  for (const Table& table :
       {Table{"tcp", Protocol::tcp, false}, Table{"tcp6", Protocol::tcp, true},
        Table{"udp", Protocol::udp, false}, Table{"udp6", Protocol::udp, true}}) {
    std::string path = std::string("/proc/thread-self/net/") + table.name;
    std::ifstream file(path);
    if (!file) continue;  // no IPv6 in this kernel
    std::stringstream content;
    content << file.rdbuf();
    auto found = parse_proc_net_table(content.str(), table.protocol, table.ipv6);
    all.insert(all.end(), found.begin(), found.end());
  }
  return all;
}
}  // namespace

std::optional<HostListener> decode_diag_listener(const inet_diag_msg& message, Protocol protocol) {
  uint16_t port = ntohs(message.id.idiag_sport);
  if (message.idiag_family == AF_INET)
    return HostListener{protocol, ipv4_listener_address(message.id.idiag_src[0]), port};
  if (message.idiag_family == AF_INET6)
    return HostListener{protocol, ipv6_listener_address(message.id.idiag_src), port};
  return std::nullopt;
}

std::vector<HostListener> parse_proc_net_table(const std::string& content, Protocol protocol,
                                               bool ipv6) {
  std::vector<HostListener> listeners;
  std::istringstream lines(content);
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    if (!(fields >> slot >> local >> remote >> state)) continue;
    if (protocol == Protocol::tcp && state != kTcpListen) continue;
    auto colon = local.find(':');
    if (colon == std::string::npos) continue;
    auto address = decode_address(local.substr(0, colon), ipv6);
    if (!address) continue;
    listeners.push_back(
        {protocol, *address, static_cast<uint16_t>(parse_hex(local.substr(colon + 1)))});
  }
  return listeners;
}

std::vector<HostListener> host_listeners() {
  std::vector<HostListener> all;
  for (auto protocol : {Protocol::tcp, Protocol::udp}) {
    for (uint8_t family : {AF_INET, AF_INET6}) {
      auto found = diag_listeners(family, protocol);
      // IPv6 may be missing from this kernel; IPv4 sock_diag may be too.
      if (!found && family == AF_INET) return proc_listeners();
      if (found) all.insert(all.end(), found->begin(), found->end());
    }
  }
  return all;
}

bool clashes(const PortMapping& port, const HostListener& listener) {
  if (port.protocol != listener.protocol || port.host_port != listener.port) return false;
  if (!listener.address) return true;
  if (is_ipv6(*listener.address) != port.ipv6()) return false;
  return !port.host_ip || *port.host_ip == *listener.address;
}

}  // namespace berth::network
