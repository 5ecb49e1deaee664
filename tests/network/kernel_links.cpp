#include <gtest/gtest.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <atomic>
#include <set>
#include <thread>

#include "network/bridge.h"
#include "network/endpoint.h"
#include "network/links.h"
#include "scratch_netns.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::network {
namespace {

using testing::ScratchNetns;
using testing::tcp_fetch;
using testing::TcpServer;

constexpr uint32_t kRetired = 0x8000beef;

BridgeConfig test_bridge() {
  return {"bttest0b1", parse_mac("02:42:0a:4d:00:01"), std::nullopt,
          Ipv4Subnet::parse("10.77.0.1/24"), std::nullopt};
}

EndpointConfig endpoint(const std::string& veth, const std::string& address) {
  EndpointConfig config;
  config.bridge = "bttest0b1";
  config.host_veth = veth;
  config.address = Ipv4Subnet::parse(address);
  config.gateway = Ipv4Address::parse("10.77.0.1");
  return config;
}

TEST(Links, TwoNamespacesOnOneBridgeReachEachOther) {
  RtnlSocket host;
  create_bridge(host, test_bridge());
  ScratchNetns first("c1"), second("c2");
  attach_endpoint(host, first.fd(), endpoint("bttest0v1", "10.77.0.2/24"));
  attach_endpoint(host, second.fd(), endpoint("bttest0v2", "10.77.0.3/24"));

  EXPECT_EQ(first.run({"busybox", "ping", "-c1", "-W2", "10.77.0.3"}), 0);
  EXPECT_EQ(second.run({"busybox", "ping", "-c1", "-W2", "10.77.0.1"}), 0);
  auto second_fd = second.fd();
  TcpServer server(&second_fd, 8080, "from c2");
  auto first_fd = first.fd();
  EXPECT_EQ(tcp_fetch(&first_fd, "10.77.0.3", 8080), "from c2");

  detach_endpoint(host, "bttest0v1");
  detach_endpoint(host, "bttest0v2");
  retire_bridge(host, "bttest0b1", "bttest0v", kRetired);
  Links(host).remove_group(kRetired);
  EXPECT_FALSE(Links(host).index_of("bttest0b1"));
}

TEST(Links, BridgeKeepsPinnedMacAndMtu) {
  RtnlSocket host;
  auto config = test_bridge();
  config.mtu = 1400;
  create_bridge(host, config);
  ScratchNetns container("c1");
  auto settings = endpoint("bttest0v1", "10.77.0.2/24");
  settings.mtu = 1400;
  settings.mac = parse_mac("02:42:0a:4d:00:02");
  attach_endpoint(host, container.fd(), settings);

  auto bridge = berth::testing::run_command({"ip", "-o", "link", "show", "bttest0b1"});
  EXPECT_NE(bridge.out.find("02:42:0a:4d:00:01"), std::string::npos) << bridge.out;
  EXPECT_NE(bridge.out.find("mtu 1400"), std::string::npos) << bridge.out;
  auto inside = berth::testing::run_command(
      {"ip", "netns", "exec", "c1", "ip", "-o", "link", "show", "eth0"});
  EXPECT_NE(inside.out.find("02:42:0a:4d:00:02"), std::string::npos) << inside.out;
  EXPECT_NE(inside.out.find("state UP"), std::string::npos) << inside.out;
  auto port = berth::testing::run_command({"ip", "-d", "link", "show", "bttest0v1"});
  EXPECT_NE(port.out.find("hairpin on"), std::string::npos) << port.out;

  EXPECT_THROW(retire_bridge(host, "bttest0b1", "btother0v", kRetired), Error);
  detach_endpoint(host, "bttest0v1");
  retire_bridge(host, "bttest0b1", "btother0v", kRetired);
  Links(host).remove_group(kRetired);
  EXPECT_FALSE(Links(host).index_of("bttest0b1"));
}

// Made with one queue each rather than one per possible CPU shrunk to one
// afterwards, which waits out two expedited RCU grace periods per pair (on a
// single-CPU machine both ways give one queue).
TEST(Links, BothVethEndsAreMadeWithOneQueue) {
  RtnlSocket host;
  create_bridge(host, test_bridge());
  ScratchNetns container("c1");
  attach_endpoint(host, container.fd(), endpoint("bttest0v1", "10.77.0.2/24"));

  auto host_end = berth::testing::run_command({"ip", "-d", "link", "show", "bttest0v1"});
  EXPECT_NE(host_end.out.find("numtxqueues 1 numrxqueues 1 "), std::string::npos) << host_end.out;
  auto container_end = berth::testing::run_command(
      {"ip", "netns", "exec", "c1", "ip", "-d", "link", "show", "eth0"});
  EXPECT_NE(container_end.out.find("numtxqueues 1 numrxqueues 1 "), std::string::npos)
      << container_end.out;

  detach_endpoint(host, "bttest0v1");
  retire_bridge(host, "bttest0b1", "bttest0v", kRetired);
  Links(host).remove_group(kRetired);
}

TEST(Links, RemovingABridgeTakesItsUnownedVethsWithIt) {
  RtnlSocket host;
  create_bridge(host, test_bridge());
  ScratchNetns container("c1");
  attach_endpoint(host, container.fd(), endpoint("bttest0v1", "10.77.0.2/24"));

  retire_bridge(host, "bttest0b1", "bttest0v", kRetired);
  Links links(host);
  EXPECT_TRUE(links.index_of("bttest0b1"));  // retired, not yet deleted
  links.remove_group(kRetired);
  EXPECT_FALSE(links.index_of("bttest0b1"));
  EXPECT_FALSE(links.index_of("bttest0v1"));
  links.remove_group(kRetired);  // an empty group is fine
}

TEST(Links, OnlyTheRetiredGroupIsDeleted) {
  RtnlSocket host;
  Links links(host);
  links.create_bridge({"bttest0b1", parse_mac("02:42:0a:4d:00:01"), std::nullopt});
  links.create_bridge({"bttest0b2", parse_mac("02:42:0a:4d:00:02"), std::nullopt});
  EXPECT_TRUE(links.set_group("bttest0b1", kRetired));
  EXPECT_FALSE(links.set_group("bttest0b9", kRetired));
  links.remove_group(kRetired);
  EXPECT_FALSE(links.index_of("bttest0b1"));
  EXPECT_TRUE(links.index_of("bttest0b2"));
  links.remove("bttest0b2");
}

TEST(Links, ARefusedGroupDeletionIsReportedAndDeletesNothing) {
  RtnlSocket host;
  Links links(host);
  links.create_bridge({"bttest0b1", parse_mac("02:42:0a:4d:00:01"), std::nullopt});
  links.set_group("bttest0b1", kRetired);
  links.set_group("lo", kRetired);  // the kernel cannot delete loopback
  try {
    links.remove_group(kRetired);
    ADD_FAILURE() << "deleting a group with lo in it succeeded";
  } catch (const Error& error) {
    EXPECT_EQ(error.errno_value(), EOPNOTSUPP) << error.what();
  }
  EXPECT_TRUE(links.index_of("bttest0b1"));
  links.set_group("lo", 0);
  links.remove_group(kRetired);
  EXPECT_FALSE(links.index_of("bttest0b1"));
}

// Counts the kernel's notifications that links of `indexes` are deleted.
class DeletionCounter {
 public:
  explicit DeletionCounter(std::set<int> indexes)
      : indexes_(std::move(indexes)), socket_(::socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)) {
    sockaddr_nl address{};
    address.nl_family = AF_NETLINK;
    address.nl_groups = RTMGRP_LINK;
    EXPECT_EQ(::bind(socket_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  }
  // The deletions announced so far; with `wait`, blocks until there are `wait`.
  int heard(int wait = 0) {
    std::vector<char> buffer(1 << 16);
    for (;;) {
      ssize_t received =
          ::recv(socket_.get(), buffer.data(), buffer.size(), heard_ < wait ? 0 : MSG_DONTWAIT);
      if (received < 0) return heard_;
      int remaining = static_cast<int>(received);
      for (auto* header = reinterpret_cast<const nlmsghdr*>(buffer.data());
           mnl_nlmsg_ok(header, remaining); header = mnl_nlmsg_next(header, &remaining)) {
        const auto* link = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(header));
        if (header->nlmsg_type == RTM_DELLINK && indexes_.contains(link->ifi_index)) ++heard_;
      }
    }
  }

 private:
  std::set<int> indexes_;
  UniqueFd socket_;
  int heard_ = 0;
};

// The kernel unlists every link of a group deletion first, then tears the
// bridges down one RCU barrier at a time before it answers: remove_group
// returns at the unlisting, with the teardown still announcing deletions.
TEST(Links, DeletingBridgesReturnsOnceAllAreUnlisted) {
  RtnlSocket host;
  Links links(host);
  std::set<int> bridges;
  for (int i = 1; i <= 6; ++i) {
    auto name = "bttest0b" + std::to_string(i);
    create_bridge(host, {name, parse_mac("02:42:0a:4d:00:0" + std::to_string(i)), std::nullopt,
                         Ipv4Subnet::parse("10.77." + std::to_string(i) + ".1/24"), std::nullopt});
    links.set_group(name, kRetired);
    bridges.insert(*links.index_of(name));
  }
  DeletionCounter deletions(bridges);
  links.remove_group(kRetired);
  EXPECT_LT(deletions.heard(), 6) << "remove_group waited for every bridge's teardown";
  for (int index : bridges) EXPECT_FALSE(host.is_listed(index)) << index;
  EXPECT_EQ(deletions.heard(6), 6);
}

// A socket opened in another namespace hears that namespace's notifications
// (request_until_notified returns on them, not on the kernel's later answer).
TEST(RtnlSocket, ASubscriberListensInItsSocketsNamespace) {
  ScratchNetns other("c1");
  auto socket = RtnlSocket::in_namespace(other.fd());
  auto subscriber = socket.subscriber(RTMGRP_LINK);
  RtnlMessage message(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
  message.put_family_header<ifinfomsg>()->ifi_family = AF_UNSPEC;
  mnl_attr_put_strz(message.header(), IFLA_IFNAME, "bttest0b1");
  nlattr* link_info = mnl_attr_nest_start(message.header(), IFLA_LINKINFO);
  mnl_attr_put_strz(message.header(), IFLA_INFO_KIND, "bridge");
  mnl_attr_nest_end(message.header(), link_info);
  std::vector<std::string> heard;
  subscriber.request_until_notified(
      message,
      [&](const nlmsghdr* notification) {
        for_each_attribute(notification, sizeof(ifinfomsg), [&](const nlattr* attribute) {
          if (mnl_attr_get_type(attribute) == IFLA_IFNAME)
            heard.push_back(mnl_attr_get_str(attribute));
        });
        return !heard.empty();
      },
      "creating bridge", "bttest0b1");
  EXPECT_EQ(heard, std::vector<std::string>{"bttest0b1"});
  EXPECT_TRUE(Links(socket).index_of("bttest0b1"));
  RtnlSocket host;
  EXPECT_FALSE(Links(host).index_of("bttest0b1"));
}

TEST(Links, ListingWhileOthersChangeLinksIsConsistent) {
  RtnlSocket host;
  Links links(host);
  std::set<std::string> expected;
  for (int i = 0; i < 40; ++i) {  // a dump of several messages' worth
    auto name = "btdump" + std::to_string(i);
    links.create_bridge({name, parse_mac("02:42:0a:4e:00:01"), std::nullopt});
    expected.insert(name);
  }
  std::atomic<bool> done = false;
  std::thread churn([&] {
    RtnlSocket other;
    Links changing(other);
    while (!done) {
      changing.create_bridge({"btchurn", parse_mac("02:42:0a:4e:00:02"), std::nullopt});
      changing.remove("btchurn");
    }
  });
  for (int i = 0; i < 200; ++i) {
    auto listed = links.names_with_prefix("btdump");
    EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), expected);
  }
  done = true;
  churn.join();
  for (const auto& name : expected) links.remove(name);
}

}  // namespace
}  // namespace berth::network
