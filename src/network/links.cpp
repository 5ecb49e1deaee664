#include "network/links.h"

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <set>

#include "util/error.h"

namespace berth::network {

MacAddress parse_mac(const std::string& text) {
  MacAddress mac{};
  unsigned parts[6];
  char tail;
  if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x%c", &parts[0], &parts[1], &parts[2], &parts[3],
                  &parts[4], &parts[5], &tail) != 6)
    throw Error("not a MAC address (expected xx:xx:xx:xx:xx:xx)", text);
  for (int i = 0; i < 6; ++i) {
    if (parts[i] > 0xff) throw Error("not a MAC address", text);
    mac[i] = static_cast<uint8_t>(parts[i]);
  }
  return mac;
}

std::string format_mac(const MacAddress& mac) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return text;
}

namespace {
ifinfomsg* put_link_header(RtnlMessage& message, int index = 0) {
  auto* info = message.put_family_header<ifinfomsg>();
  info->ifi_family = AF_UNSPEC;
  info->ifi_index = index;
  return info;
}

// A veth made without a queue count gets one per possible CPU and then shrinks
// them to one, and each shrink waits out an expedited RCU grace period under
// the rtnl lock (two per pair: 0.3 ms on an idle 2-CPU VM, 3-5 ms on a busy
// one). Made with one queue from the start, as it ends up anyway, it waits
// for nothing.
void put_single_queue(nlmsghdr* header) {
  mnl_attr_put_u32(header, IFLA_NUM_TX_QUEUES, 1);
  mnl_attr_put_u32(header, IFLA_NUM_RX_QUEUES, 1);
}

void bring_up_on_creation(ifinfomsg* info) {
  info->ifi_flags = IFF_UP;
  info->ifi_change = IFF_UP;
}
}  // namespace

void Links::create_bridge(const BridgeSpec& spec) {
  RtnlMessage message(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
  bring_up_on_creation(put_link_header(message));
  nlmsghdr* header = message.header();
  mnl_attr_put_strz(header, IFLA_IFNAME, spec.name.c_str());
  mnl_attr_put(header, IFLA_ADDRESS, spec.mac.size(), spec.mac.data());
  if (spec.mtu) mnl_attr_put_u32(header, IFLA_MTU, *spec.mtu);
  nlattr* link_info = mnl_attr_nest_start(header, IFLA_LINKINFO);
  mnl_attr_put_strz(header, IFLA_INFO_KIND, "bridge");
  mnl_attr_nest_end(header, link_info);
  socket_.request(message, "creating bridge", spec.name);
}

void Links::create_veth(const VethSpec& spec) {
  RtnlMessage message(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
  bring_up_on_creation(put_link_header(message));
  nlmsghdr* header = message.header();
  mnl_attr_put_strz(header, IFLA_IFNAME, spec.host_name.c_str());
  mnl_attr_put_u32(header, IFLA_MASTER, static_cast<uint32_t>(spec.bridge_index));
  if (spec.mtu) mnl_attr_put_u32(header, IFLA_MTU, *spec.mtu);
  put_single_queue(header);
  nlattr* link_info = mnl_attr_nest_start(header, IFLA_LINKINFO);
  mnl_attr_put_strz(header, IFLA_INFO_KIND, "veth");
  nlattr* data = mnl_attr_nest_start(header, IFLA_INFO_DATA);
  nlattr* peer = mnl_attr_nest_start(header, VETH_INFO_PEER);
  // The peer stays down here: veth cannot open it before both halves are
  // linked, so the container side brings it up afterwards.
  mnl_nlmsg_put_extra_header(header, sizeof(ifinfomsg));
  mnl_attr_put_strz(header, IFLA_IFNAME, spec.container_name.c_str());
  mnl_attr_put_u32(header, IFLA_NET_NS_FD, static_cast<uint32_t>(spec.container_netns->fd()));
  if (spec.container_mac)
    mnl_attr_put(header, IFLA_ADDRESS, spec.container_mac->size(), spec.container_mac->data());
  if (spec.mtu) mnl_attr_put_u32(header, IFLA_MTU, *spec.mtu);
  put_single_queue(header);
  mnl_attr_nest_end(header, peer);
  mnl_attr_nest_end(header, data);
  mnl_attr_nest_end(header, link_info);
  socket_.request(message, "creating veth pair", spec.host_name);
}

void Links::remove(const std::string& name) {
  RtnlMessage message(RTM_DELLINK, 0);
  put_link_header(message);
  mnl_attr_put_strz(message.header(), IFLA_IFNAME, name.c_str());
  socket_.request(message, "deleting link", name);
}

bool Links::set_group(const std::string& name, uint32_t group) {
  RtnlMessage message(RTM_NEWLINK, 0);
  put_link_header(message);
  mnl_attr_put_strz(message.header(), IFLA_IFNAME, name.c_str());
  mnl_attr_put_u32(message.header(), IFLA_GROUP, group);
  try {
    socket_.request(message, "moving link to its removal group", name);
  } catch (const Error& error) {
    if (error.errno_value() == ENODEV) return false;
    throw;
  }
  return true;
}

void Links::set_up(int index, const std::string& name) {
  RtnlMessage message(RTM_NEWLINK, 0);
  bring_up_on_creation(put_link_header(message, index));
  socket_.request(message, "bringing link up", name);
}

void Links::set_hairpin(int port_index, const std::string& name) {
  RtnlMessage message(RTM_SETLINK, 0);
  auto* info = put_link_header(message, port_index);
  info->ifi_family = AF_BRIDGE;
  nlattr* protinfo = mnl_attr_nest_start(message.header(), IFLA_PROTINFO);
  mnl_attr_put_u8(message.header(), IFLA_BRPORT_MODE, 1);
  mnl_attr_nest_end(message.header(), protinfo);
  socket_.request(message, "enabling hairpin mode on bridge port", name);
}

namespace {
struct LinkAttributes {
  int index = 0;
  std::string name;
  int master = 0;
  uint32_t group = 0;
};

LinkAttributes read_link(const nlmsghdr* header) {
  LinkAttributes link;
  auto* info = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(header));
  link.index = info->ifi_index;
  for_each_attribute(header, sizeof(ifinfomsg), [&](const nlattr* attribute) {
    switch (mnl_attr_get_type(attribute)) {
      case IFLA_IFNAME:
        link.name = mnl_attr_get_str(attribute);
        break;
      case IFLA_MASTER:
        link.master = static_cast<int>(mnl_attr_get_u32(attribute));
        break;
      case IFLA_GROUP:
        link.group = mnl_attr_get_u32(attribute);
        break;
    }
  });
  return link;
}

// The link a link or address notification is about.
int link_index_of(const nlmsghdr* notification) {
  const void* payload = mnl_nlmsg_get_payload(notification);
  if (notification->nlmsg_type == RTM_NEWADDR || notification->nlmsg_type == RTM_DELADDR)
    return static_cast<int>(static_cast<const ifaddrmsg*>(payload)->ifa_index);
  return static_cast<const ifinfomsg*>(payload)->ifi_index;
}

template <typename Visit>
void for_each_link(RtnlSocket& socket, Visit visit) {
  RtnlMessage message(RTM_GETLINK, 0);
  put_link_header(message);
  socket.dump(
      message, [&](const nlmsghdr* header) { visit(read_link(header)); }, "listing links");
}
}  // namespace

std::optional<int> Links::index_of(const std::string& name) { return socket_.index_of(name); }

std::vector<std::string> Links::names_with_prefix(const std::string& prefix) {
  std::vector<std::string> names;
  for_each_link(socket_, [&](const LinkAttributes& link) {
    if (link.name.starts_with(prefix)) names.push_back(link.name);
  });
  return names;
}

std::vector<std::string> Links::ports_of(int bridge_index) {
  std::vector<std::string> ports;
  for_each_link(socket_, [&](const LinkAttributes& link) {
    if (link.master == bridge_index) ports.push_back(link.name);
  });
  return ports;
}

void Links::remove_group(uint32_t group) {
  // Subscribed before the listing, so that no deletion after it goes unseen.
  auto notifications = socket_.subscriber(RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR);
  std::set<int> members;
  for_each_link(socket_, [&](const LinkAttributes& link) {
    if (link.group == group) members.insert(link.index);
  });
  if (members.empty()) return;
  RtnlMessage message(RTM_DELLINK, 0);
  put_link_header(message);
  mnl_attr_put_u32(message.header(), IFLA_GROUP, group);
  // The kernel takes every device of one deletion out of its lookups before it
  // tears any down, then does so device by device under RTNL (a bridge waits
  // out an RCU barrier, ~16 ms here), answering after the last. The first
  // teardown step of a bridge announces its addresses' removal, of a veth its
  // own: so news of a member is the moment to check whether all are unlisted.
  // Earlier news (a port leaving its bridge, a veth gone with its container's
  // namespace) fails that check; the teardown goes on in the forked sender.
  auto unlisted = [&](const nlmsghdr* notification) {
    if (!members.contains(link_index_of(notification))) return false;
    return std::none_of(members.begin(), members.end(),
                        [&](int member) { return notifications.is_listed(member); });
  };
  try {
    notifications.request_until_notified(message, unlisted, "deleting links of group",
                                         std::to_string(group));
  } catch (const Error& error) {
    if (error.errno_value() != ENODEV) throw;  // someone else deleted them meanwhile
  }
}

}  // namespace berth::network
