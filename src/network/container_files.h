#pragma once

#include <optional>
#include <string>
#include <vector>

#include "network/ipv4.h"
#include "network/ipv6.h"

namespace berth::network {

// A container's /etc/resolv.conf: berth's DNS responder on the gateways of its
// primary network unless compose `dns` names other servers.
struct ResolvConfSpec {
  std::optional<Ipv4Address> gateway;   // where berth's responder listens
  std::optional<Ipv6Address> gateway6;  // and on a dual-stack network, also here
  std::vector<std::string> dns;         // compose `dns`
  std::vector<std::string> dns_search;
  std::vector<std::string> dns_opt;
};
std::string render_resolv_conf(const ResolvConfSpec& spec);
// The nameservers, search domains and options of a resolv.conf: the host's,
// which a container on the host's network (network_mode: host) starts from.
ResolvConfSpec parse_resolv_conf(const std::string& text);

struct ExtraHost {
  std::string name;
  std::string address;  // an address, or "host-gateway"
};

// A container's /etc/hosts: localhost entries, its own name, extra_hosts.
struct HostsSpec {
  std::string base;  // replaces the localhost entries (network_mode host: the host's file)
  std::string hostname;
  std::vector<std::string> aliases;  // also resolve to the container's own addresses
  std::optional<Ipv4Address> address;
  std::vector<Ipv6Address> addresses6;  // dual stack: one more line each, as docker writes
  std::optional<Ipv4Address> gateway;   // what "host-gateway" means
  std::vector<ExtraHost> extra_hosts;
};
std::string render_hosts(const HostsSpec& spec);

// Parses compose's "name:address" or "name=address" extra_hosts entry.
ExtraHost parse_extra_host(const std::string& entry);

}  // namespace berth::network
