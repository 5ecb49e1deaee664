#include "network/addresses.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>

namespace berth::network {

namespace {
uint8_t family_of(const Ipv4Address&) { return AF_INET; }
uint8_t family_of(const Ipv6Address&) { return AF_INET6; }

void put_address(nlmsghdr* message, uint16_t type, const Ipv4Address& address) {
  mnl_attr_put_u32(message, type, address.network_order());
}
void put_address(nlmsghdr* message, uint16_t type, const Ipv6Address& address) {
  mnl_attr_put(message, type, address.bytes.size(), address.bytes.data());
}

// The address an attribute carries, when it has the family's length.
std::optional<Ipv4Address> read_address(const nlattr* attribute, const Ipv4Address&) {
  if (mnl_attr_get_payload_len(attribute) != 4) return std::nullopt;
  return Ipv4Address::from_network_order(mnl_attr_get_u32(attribute));
}
std::optional<Ipv6Address> read_address(const nlattr* attribute, const Ipv6Address&) {
  Ipv6Address address;
  if (mnl_attr_get_payload_len(attribute) != address.bytes.size()) return std::nullopt;
  std::memcpy(address.bytes.data(), mnl_attr_get_payload(attribute), address.bytes.size());
  return address;
}

// Prefixes no container network could clash with: IPv6 link-local and multicast.
bool ignored(const Ipv4Subnet&) { return false; }
bool ignored(const Ipv6Subnet& prefix) {
  static const Ipv6Subnet link_local = Ipv6Subnet::parse("fe80::/10");
  static const Ipv6Subnet multicast = Ipv6Subnet::parse("ff00::/8");
  return link_local.overlaps(prefix) || multicast.overlaps(prefix);
}
}  // namespace

void Addresses::add(int link_index, const Ipv4Subnet& address, const std::string& link_name) {
  RtnlMessage message(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
  auto* header = message.put_family_header<ifaddrmsg>();
  header->ifa_family = AF_INET;
  header->ifa_prefixlen = static_cast<uint8_t>(address.prefix_length);
  header->ifa_index = static_cast<uint32_t>(link_index);
  put_address(message.header(), IFA_LOCAL, address.address);
  put_address(message.header(), IFA_ADDRESS, address.address);
  if (address.prefix_length < 31) put_address(message.header(), IFA_BROADCAST, address.broadcast());
  socket_.request(message, "adding address " + address.to_string(), link_name);
}

void Addresses::add(int link_index, const Ipv6Subnet& address, const std::string& link_name) {
  RtnlMessage message(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
  auto* header = message.put_family_header<ifaddrmsg>();
  header->ifa_family = AF_INET6;
  header->ifa_prefixlen = static_cast<uint8_t>(address.prefix_length);
  header->ifa_flags = IFA_F_NODAD;
  header->ifa_index = static_cast<uint32_t>(link_index);
  put_address(message.header(), IFA_ADDRESS, address.address);
  socket_.request(message, "adding address " + address.to_string(), link_name);
}

namespace {
template <typename Address>
void add_route_via(RtnlSocket& socket, const Address& gateway, int link_index,
                   const std::string& link_name) {
  RtnlMessage message(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
  auto* route = message.put_family_header<rtmsg>();
  route->rtm_family = family_of(gateway);
  route->rtm_table = RT_TABLE_MAIN;
  route->rtm_protocol = RTPROT_BOOT;
  route->rtm_scope = RT_SCOPE_UNIVERSE;
  route->rtm_type = RTN_UNICAST;
  put_address(message.header(), RTA_GATEWAY, gateway);
  mnl_attr_put_u32(message.header(), RTA_OIF, static_cast<uint32_t>(link_index));
  socket.request(message, "adding default route via " + gateway.to_string(), link_name);
}
}  // namespace

void Addresses::add_default_route(Ipv4Address gateway, int link_index,
                                  const std::string& link_name) {
  add_route_via(socket_, gateway, link_index, link_name);
}

void Addresses::add_default_route(const Ipv6Address& gateway, int link_index,
                                  const std::string& link_name) {
  add_route_via(socket_, gateway, link_index, link_name);
}

std::vector<Ipv4Subnet> Addresses::prefixes_in_use() { return collect_prefixes<Ipv4Subnet>(); }
std::vector<Ipv6Subnet> Addresses::prefixes_in_use6() { return collect_prefixes<Ipv6Subnet>(); }

template <typename Subnet>
std::vector<Subnet> Addresses::collect_prefixes() {
  std::vector<Subnet> prefixes;
  collect_addresses(prefixes);
  collect_routes(prefixes);
  std::erase_if(prefixes, [](const Subnet& prefix) { return ignored(prefix); });
  return prefixes;
}

template <typename Subnet>
void Addresses::collect_addresses(std::vector<Subnet>& prefixes) {
  using Address = decltype(Subnet::address);
  RtnlMessage message(RTM_GETADDR, 0);
  message.put_family_header<ifaddrmsg>()->ifa_family = family_of(Address{});
  // IFA_LOCAL is the interface's own address where it differs from the peer's
  // (IFA_ADDRESS); IPv6 sends only IFA_ADDRESS.
  uint16_t wanted = family_of(Address{}) == AF_INET ? IFA_LOCAL : IFA_ADDRESS;
  socket_.dump(
      message,
      [&](const nlmsghdr* header) {
        auto* info = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(header));
        for_each_attribute(header, sizeof(ifaddrmsg), [&](const nlattr* attribute) {
          if (mnl_attr_get_type(attribute) != wanted) return;
          auto address = read_address(attribute, Address{});
          if (!address) return;
          Subnet with_host{*address, info->ifa_prefixlen};
          prefixes.push_back({with_host.network(), with_host.prefix_length});
        });
      },
      "listing addresses");
}

template <typename Subnet>
void Addresses::collect_routes(std::vector<Subnet>& prefixes) {
  using Address = decltype(Subnet::address);
  RtnlMessage message(RTM_GETROUTE, 0);
  message.put_family_header<rtmsg>()->rtm_family = family_of(Address{});
  socket_.dump(
      message,
      [&](const nlmsghdr* header) {
        auto* route = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(header));
        if (route->rtm_dst_len == 0) return;  // a default route overlaps everything
        if (route->rtm_type != RTN_UNICAST && route->rtm_type != RTN_LOCAL) return;
        for_each_attribute(header, sizeof(rtmsg), [&](const nlattr* attribute) {
          if (mnl_attr_get_type(attribute) != RTA_DST) return;
          if (auto address = read_address(attribute, Address{}))
            prefixes.push_back({*address, route->rtm_dst_len});
        });
      },
      "listing routes");
}

}  // namespace berth::network
