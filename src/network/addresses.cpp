#include "network/addresses.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

namespace berth::network {

void Addresses::add(int link_index, const Ipv4Subnet& address, const std::string& link_name) {
  RtnlMessage message(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
  auto* header = message.put_family_header<ifaddrmsg>();
  header->ifa_family = AF_INET;
  header->ifa_prefixlen = static_cast<uint8_t>(address.prefix_length);
  header->ifa_index = static_cast<uint32_t>(link_index);
  mnl_attr_put_u32(message.header(), IFA_LOCAL, address.address.network_order());
  mnl_attr_put_u32(message.header(), IFA_ADDRESS, address.address.network_order());
  if (address.prefix_length < 31)
    mnl_attr_put_u32(message.header(), IFA_BROADCAST, address.broadcast().network_order());
  socket_.request(message, "adding address " + address.to_string(), link_name);
}

void Addresses::add_default_route(Ipv4Address gateway, int link_index,
                                  const std::string& link_name) {
  RtnlMessage message(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
  auto* route = message.put_family_header<rtmsg>();
  route->rtm_family = AF_INET;
  route->rtm_table = RT_TABLE_MAIN;
  route->rtm_protocol = RTPROT_BOOT;
  route->rtm_scope = RT_SCOPE_UNIVERSE;
  route->rtm_type = RTN_UNICAST;
  mnl_attr_put_u32(message.header(), RTA_GATEWAY, gateway.network_order());
  mnl_attr_put_u32(message.header(), RTA_OIF, static_cast<uint32_t>(link_index));
  socket_.request(message, "adding default route via " + gateway.to_string(), link_name);
}

std::vector<Ipv4Subnet> Addresses::prefixes_in_use() {
  std::vector<Ipv4Subnet> prefixes;
  collect_addresses(prefixes);
  collect_routes(prefixes);
  return prefixes;
}

void Addresses::collect_addresses(std::vector<Ipv4Subnet>& prefixes) {
  RtnlMessage message(RTM_GETADDR, 0);
  message.put_family_header<ifaddrmsg>()->ifa_family = AF_INET;
  socket_.dump(
      message,
      [&](const nlmsghdr* header) {
        auto* info = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(header));
        for_each_attribute(header, sizeof(ifaddrmsg), [&](const nlattr* attribute) {
          if (mnl_attr_get_type(attribute) != IFA_LOCAL) return;
          Ipv4Subnet with_host{Ipv4Address::from_network_order(mnl_attr_get_u32(attribute)),
                               info->ifa_prefixlen};
          prefixes.push_back({with_host.network(), with_host.prefix_length});
        });
      },
      "listing addresses");
}

void Addresses::collect_routes(std::vector<Ipv4Subnet>& prefixes) {
  RtnlMessage message(RTM_GETROUTE, 0);
  message.put_family_header<rtmsg>()->rtm_family = AF_INET;
  socket_.dump(
      message,
      [&](const nlmsghdr* header) {
        auto* route = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(header));
        if (route->rtm_dst_len == 0) return;  // a default route overlaps everything
        if (route->rtm_type != RTN_UNICAST && route->rtm_type != RTN_LOCAL) return;
        for_each_attribute(header, sizeof(rtmsg), [&](const nlattr* attribute) {
          if (mnl_attr_get_type(attribute) != RTA_DST) return;
          prefixes.push_back(
              {Ipv4Address::from_network_order(mnl_attr_get_u32(attribute)), route->rtm_dst_len});
        });
      },
      "listing routes");
}

}  // namespace berth::network
