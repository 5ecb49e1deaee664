#pragma once

#include <string>
#include <vector>

#include "network/ipv4.h"
#include "network/ipv6.h"
#include "network/rtnl_socket.h"

namespace berth::network {

// Addresses and routes over rtnetlink, in whatever namespace the socket is bound to.
class Addresses {
 public:
  explicit Addresses(RtnlSocket& socket) : socket_(socket) {}

  // `address` carries the host address and the prefix length, e.g. 10.88.0.2/24.
  void add(int link_index, const Ipv4Subnet& address, const std::string& link_name);
  // IPv6 addresses skip duplicate address detection: berth's IPAM already made
  // them unique, and DAD would hold them unusable for a second.
  void add(int link_index, const Ipv6Subnet& address, const std::string& link_name);
  void add_default_route(Ipv4Address gateway, int link_index, const std::string& link_name);
  void add_default_route(const Ipv6Address& gateway, int link_index, const std::string& link_name);

  // Every prefix of the family the namespace already uses: its addresses'
  // subnets and its routes' destinations (default, link-local and multicast
  // excluded), for overlap checks.
  std::vector<Ipv4Subnet> prefixes_in_use();
  std::vector<Ipv6Subnet> prefixes_in_use6();

 private:
  template <typename Subnet>
  std::vector<Subnet> collect_prefixes();
  template <typename Subnet>
  void collect_addresses(std::vector<Subnet>& prefixes);
  template <typename Subnet>
  void collect_routes(std::vector<Subnet>& prefixes);

  RtnlSocket& socket_;
};

}  // namespace berth::network
