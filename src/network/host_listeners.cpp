#include "network/host_listeners.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include "util/error.h"

namespace berth::network {

namespace {
constexpr const char* kTcpListen = "0A";

uint32_t parse_hex(const std::string& text) {
  return static_cast<uint32_t>(std::stoul(text, nullptr, 16));
}

// The kernel prints each 32-bit word of the address as the host-order value
// of its network-order bytes, so one word maps back with from_network_order.
// Unset: the wildcard address; an IPv4-mapped IPv6 address is its IPv4 one.
std::optional<std::optional<IpAddress>> decode_address(const std::string& hex, bool ipv6) {
  if (!ipv6) {
    uint32_t word = parse_hex(hex);
    if (word == 0) return std::optional<IpAddress>{};
    return std::optional<IpAddress>{Ipv4Address::from_network_order(word)};
  }
  if (hex.size() != 32) return std::nullopt;
  Ipv6Address address;
  for (size_t i = 0; i < 4; ++i) {
    uint32_t word = parse_hex(hex.substr(i * 8, 8));
    std::memcpy(address.bytes.data() + i * 4, &word, 4);
  }
  if (address == Ipv6Address{}) return std::optional<IpAddress>{};
  if (Ipv6Subnet::parse("::ffff:0:0/96").contains(address)) {
    uint32_t word;
    std::memcpy(&word, address.bytes.data() + 12, 4);
    return std::optional<IpAddress>{Ipv4Address::from_network_order(word)};
  }
  return std::optional<IpAddress>{address};
}
}  // namespace

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

bool clashes(const PortMapping& port, const HostListener& listener) {
  if (port.protocol != listener.protocol || port.host_port != listener.port) return false;
  if (!listener.address) return true;
  if (is_ipv6(*listener.address) != port.ipv6()) return false;
  return !port.host_ip || *port.host_ip == *listener.address;
}

}  // namespace berth::network
