#include "network/port_mapping.h"

#include "util/error.h"

namespace berth::network {

Protocol parse_protocol(const std::string& text) {
  if (text == "tcp") return Protocol::tcp;
  if (text == "udp") return Protocol::udp;
  throw Error("unsupported protocol (expected tcp or udp)", text);
}

std::string to_string(Protocol protocol) { return protocol == Protocol::tcp ? "tcp" : "udp"; }

std::string PortMapping::describe() const {
  return (host_ip ? host_ip->to_string() : std::string("0.0.0.0")) + ":" +
         std::to_string(host_port) + "/" + to_string(protocol);
}

}  // namespace berth::network
