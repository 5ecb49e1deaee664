#pragma once

#include <linux/inet_diag.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "network/port_mapping.h"

namespace berth::network {

// A socket on the host that owns a port: a TCP listener or a bound UDP socket.
struct HostListener {
  Protocol protocol;
  std::optional<IpAddress> address;  // unset: every address (0.0.0.0 or ::)
  uint16_t port;
};

// One socket of a sock_diag dump (TCP listeners, bound UDP sockets); nullopt
// for a family berth does not know.
std::optional<HostListener> decode_diag_listener(const inet_diag_msg& message, Protocol protocol);

// Parses one /proc/net/{tcp,udp}[6] table, for kernels without sock_diag. An IPv6 socket bound to
// :: counts for both families (it usually takes IPv4 too); one bound to an IPv4-mapped address is
// an IPv4 listener.
std::vector<HostListener> parse_proc_net_table(const std::string& content, Protocol protocol,
                                               bool ipv6);

// Every listener of the calling thread's network namespace: from sock_diag, whose
// listeners-only dump walks the listening sockets alone (the /proc tables walk
// every bucket of the connection table, ~1 ms each here); from /proc otherwise.
std::vector<HostListener> host_listeners();

bool clashes(const PortMapping& port, const HostListener& listener);

}  // namespace berth::network
