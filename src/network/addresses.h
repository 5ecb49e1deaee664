#pragma once

#include <string>
#include <vector>

#include "network/ipv4.h"
#include "network/rtnl_socket.h"

namespace berth::network {

// Addresses and routes over rtnetlink, in whatever namespace the socket is bound to.
class Addresses {
 public:
  explicit Addresses(RtnlSocket& socket) : socket_(socket) {}

  // `address` carries the host address and the prefix length, e.g. 10.88.0.2/24.
  void add(int link_index, const Ipv4Subnet& address, const std::string& link_name);
  void add_default_route(Ipv4Address gateway, int link_index, const std::string& link_name);

  // Every IPv4 prefix the namespace already uses: its addresses' subnets and its
  // routes' destinations (the default route excluded), for overlap checks.
  std::vector<Ipv4Subnet> prefixes_in_use();

 private:
  void collect_addresses(std::vector<Ipv4Subnet>& prefixes);
  void collect_routes(std::vector<Ipv4Subnet>& prefixes);

  RtnlSocket& socket_;
};

}  // namespace berth::network
