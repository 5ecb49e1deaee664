#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "network/socket_address.h"

namespace berth::network {

// A resolver the DNS helper forwards unknown names to.
struct DnsUpstream {
  SocketAddress address;
  std::string text;
};

// "1.2.3.4", "1.2.3.4:5353", "fd00::1" or "[fd00::1]:5353"; port 53 unless given.
DnsUpstream parse_dns_upstream(std::string_view text);

// The `nameserver` lines of a resolv.conf.
std::vector<std::string> resolv_conf_nameservers(const std::string& content);

// The upstreams to use: the configured ones, else BERTH_DNS_UPSTREAMS (comma
// or space separated; tests and benchmarks point it at a resolver in their
// sandbox), else the host's /etc/resolv.conf. The helper runs in the host's
// network namespace, so a loopback stub resolver there works as it is.
std::vector<std::string> choose_dns_upstreams(const std::vector<std::string>& configured);

}  // namespace berth::network
