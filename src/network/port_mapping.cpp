#include "network/port_mapping.h"

#include "util/error.h"

namespace berth::network {

Protocol parse_protocol(const std::string& text) {
  if (text == "tcp") return Protocol::tcp;
  if (text == "udp") return Protocol::udp;
  throw Error("unsupported protocol (expected tcp or udp)", text);
}

std::string to_string(Protocol protocol) { return protocol == Protocol::tcp ? "tcp" : "udp"; }

std::string PortMapping::host_ip_text() const {
  if (host_ip) return to_string(*host_ip);
  return ipv6() ? "::" : "0.0.0.0";
}

std::string PortMapping::describe() const {
  std::string address = ipv6() ? "[" + host_ip_text() + "]" : host_ip_text();
  return address + ":" + std::to_string(host_port) + "/" + to_string(protocol);
}

bool overlap(const PortMapping& a, const PortMapping& b) {
  if (a.protocol != b.protocol || a.host_port != b.host_port || a.ipv6() != b.ipv6()) return false;
  return !a.host_ip || !b.host_ip || *a.host_ip == *b.host_ip;
}

}  // namespace berth::network
