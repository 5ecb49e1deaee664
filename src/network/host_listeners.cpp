#include "network/host_listeners.h"

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
std::optional<std::optional<Ipv4Address>> decode_address(const std::string& hex, bool ipv6) {
  if (!ipv6) {
    uint32_t word = parse_hex(hex);
    if (word == 0) return std::optional<Ipv4Address>{};
    return std::optional<Ipv4Address>{Ipv4Address::from_network_order(word)};
  }
  if (hex.size() != 32) return std::nullopt;
  uint32_t words[4];
  for (int i = 0; i < 4; ++i) words[i] = parse_hex(hex.substr(static_cast<size_t>(i) * 8, 8));
  if (words[0] == 0 && words[1] == 0 && words[2] == 0 && words[3] == 0)
    return std::optional<Ipv4Address>{};
  bool v4_mapped =
      words[0] == 0 && words[1] == 0 && Ipv4Address::from_network_order(words[2]).value == 0xffff;
  if (v4_mapped) return std::optional<Ipv4Address>{Ipv4Address::from_network_order(words[3])};
  return std::nullopt;
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
  return !port.host_ip || !listener.address || *port.host_ip == *listener.address;
}

}  // namespace berth::network
