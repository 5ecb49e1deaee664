#include <gtest/gtest.h>

#include "network/links.h"
#include "network/network_manager.h"
#include "scratch_netns.h"
#include "support/run_command.h"
#include "util/error.h"

namespace berth::network {
namespace {

using testing::must_run;
using testing::ScratchNetns;
using testing::tcp_fetch;
using testing::TcpServer;

constexpr const char* kPoolSubnet = "fd6b:6572:7468::/64";  // the first /64 of the IPv6 pool
constexpr const char* kHostLan6 = "fd77::1";

// The sandbox plays a dual-stack host: a "LAN" link with 192.168.77.1 and
// fd77::1 whose peer lives in a namespace standing in for another machine.
class DualStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    must_run({"ip", "link", "add", "lan0", "type", "veth", "peer", "name", "lan1", "netns", "lan"});
    must_run({"ip", "addr", "add", "192.168.77.1/24", "dev", "lan0"});
    must_run({"ip", "-6", "addr", "add", "fd77::1/64", "dev", "lan0", "nodad"});
    must_run({"ip", "link", "set", "lan0", "up"});
    for (auto args : std::vector<std::vector<std::string>>{
             {"ip", "addr", "add", "192.168.77.2/24", "dev", "lan1"},
             {"ip", "-6", "addr", "add", "fd77::2/64", "dev", "lan1", "nodad"},
             {"ip", "link", "set", "lan1", "up"},
             {"ip", "link", "set", "lo", "up"}})
      ASSERT_EQ(lan.run(args), 0);
  }

  void TearDown() override { berth::testing::run_command({"ip", "link", "del", "lan0"}); }

  static NetworkSpec dual_stack(const std::string& name) {
    NetworkSpec spec;
    spec.name = name;
    spec.project = "p";
    spec.enable_ipv6 = true;
    return spec;
  }

  Endpoint attach_named(const ScratchNetns& netns, const std::string& network,
                        const std::string& name,
                        std::optional<std::string> ipv6_address = std::nullopt) {
    EndpointSpec spec;
    spec.container = name;
    spec.service = name;
    spec.ipv6_address = std::move(ipv6_address);
    return manager.attach(netns.path(), network, spec);
  }

  static PublishSpec published_port(uint16_t host_port,
                                    std::optional<std::string> host_ip = std::nullopt) {
    PublishSpec spec;
    spec.host_ip = std::move(host_ip);
    spec.host_port = host_port;
    spec.container_port = 80;
    return spec;
  }

  ScratchNetns lan{"lan"};
  Locations locations = Locations::resolve(std::nullopt);
  state::StateStore store{locations};
  NetworkManager manager{store};
};

TEST_F(DualStackTest, ContainersGetBothFamiliesAndReachEachOtherOverIpv6) {
  auto info = manager.create_network(dual_stack("p_default"));
  ASSERT_TRUE(info.subnet6);
  EXPECT_EQ(info.subnet6->to_string(), kPoolSubnet);
  EXPECT_EQ(info.gateway6->to_string(), "fd6b:6572:7468::1");

  ScratchNetns web("web"), client("client");
  auto web_endpoint = attach_named(web, "p_default", "p-web-1");
  ASSERT_TRUE(web_endpoint.ip6);
  EXPECT_EQ(web_endpoint.ip.to_string(), "10.89.0.2");
  EXPECT_EQ(web_endpoint.ip6->to_string(), "fd6b:6572:7468::2");
  auto client_endpoint = attach_named(client, "p_default", "p-client-1", "fd6b:6572:7468::99");
  EXPECT_EQ(client_endpoint.ip6->to_string(), "fd6b:6572:7468::99");

  auto web_fd = web.fd(), client_fd = client.fd();
  TcpServer server(&web_fd, 80, "web");
  EXPECT_EQ(tcp_fetch(&client_fd, "fd6b:6572:7468::2", 80), "web");
  EXPECT_EQ(tcp_fetch(&client_fd, "10.89.0.2", 80), "web");
  auto route = berth::testing::run_command(
      {"ip", "netns", "exec", "web", "ip", "-6", "route", "show", "default"});
  EXPECT_NE(route.out.find("via fd6b:6572:7468::1"), std::string::npos) << route.out;

  // A second network takes the next /64; addresses are released with the container.
  EXPECT_EQ(manager.create_network(dual_stack("p_other")).subnet6->to_string(),
            "fd6b:6572:7468:1::/64");
  manager.release_container("p-web-1");
  ScratchNetns again("again");
  EXPECT_EQ(attach_named(again, "p_default", "p-again-1").ip6->to_string(), "fd6b:6572:7468::2");
}

TEST_F(DualStackTest, PublishedPortAnswersOverBothFamiliesAndHostIpPicksOne) {
  manager.create_network(dual_stack("p_default"));
  ScratchNetns web("web");
  attach_named(web, "p_default", "p-web-1");
  auto web_fd = web.fd(), lan_fd = lan.fd();
  TcpServer server(&web_fd, 80, "web");

  auto both = manager.publish("p-web-1", {published_port(18080)});
  ASSERT_EQ(both.size(), 2u);
  EXPECT_FALSE(both[0].ipv6());
  EXPECT_TRUE(both[1].ipv6());
  EXPECT_EQ(both[1].describe(), "[::]:18080/tcp");
  // First: before the host has talked to the container itself (see accept_dad).
  EXPECT_EQ(tcp_fetch(&lan_fd, kHostLan6, 18080), "web");
  EXPECT_EQ(tcp_fetch(&lan_fd, "192.168.77.1", 18080), "web");
  EXPECT_EQ(tcp_fetch(nullptr, kHostLan6, 18080), "web") << "from the host itself";
  EXPECT_EQ(tcp_fetch(&web_fd, kHostLan6, 18080), "web") << "hairpin";

  auto only6 = manager.publish("p-web-1", {published_port(18081, "::")});
  ASSERT_EQ(only6.size(), 1u);
  EXPECT_EQ(tcp_fetch(&lan_fd, kHostLan6, 18081), "web");
  EXPECT_EQ(tcp_fetch(&lan_fd, "192.168.77.1", 18081), std::nullopt);
  auto only4 = manager.publish("p-web-1", {published_port(18082, "0.0.0.0")});
  ASSERT_EQ(only4.size(), 1u);
  EXPECT_EQ(tcp_fetch(&lan_fd, kHostLan6, 18082), std::nullopt);
  auto one_address = manager.publish("p-web-1", {published_port(18083, kHostLan6)});
  ASSERT_EQ(one_address.size(), 1u);
  EXPECT_EQ(tcp_fetch(&lan_fd, kHostLan6, 18083), "web");

  EXPECT_THROW(manager.publish("p-web-1", {published_port(18084, "::1")}), Error);
  ScratchNetns other("other");
  attach_named(other, "p_default", "p-other-1");
  try {
    manager.publish("p-other-1", {published_port(18081, kHostLan6)});
    FAIL() << "an IPv6 port taken by another container was published again";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("p-web-1"), std::string::npos) << error.what();
  }
  // The IPv4 side of a port published on :: only is free.
  EXPECT_EQ(manager.publish("p-other-1", {published_port(18081, "0.0.0.0")}).size(), 1u);

  manager.release_container("p-web-1");
  EXPECT_EQ(tcp_fetch(&lan_fd, kHostLan6, 18080), std::nullopt);
}

TEST_F(DualStackTest, Ipv6SettingsAreCheckedBeforeAnythingIsCreated) {
  NetworkSpec without = dual_stack("p_plain");
  without.enable_ipv6 = false;
  without.subnet6 = "fd99:1::/64";
  EXPECT_THROW(manager.create_network(without), Error);
  EXPECT_FALSE(manager.find_network("p_plain"));

  NetworkSpec chosen = dual_stack("p_chosen");
  chosen.subnet6 = "fd99:1::/64";
  chosen.gateway6 = "fd99:1::fe";
  auto info = manager.create_network(chosen);
  EXPECT_EQ(info.gateway6->to_string(), "fd99:1::fe");
  auto bridge_addresses = berth::testing::run_command({"ip", "-6", "addr", "show", info.bridge});
  EXPECT_NE(bridge_addresses.out.find("fd99:1::fe/64"), std::string::npos) << bridge_addresses.out;

  NetworkSpec overlapping = dual_stack("p_overlap");
  overlapping.subnet6 = "fd99::/16";
  EXPECT_THROW(manager.create_network(overlapping), Error);
  EXPECT_FALSE(manager.find_network("p_overlap"));
  RtnlSocket host;
  EXPECT_EQ(Links(host).names_with_prefix(manager.names().link_prefix()).size(), 1u)
      << "only p_chosen's bridge";

  NetworkSpec v4_only = dual_stack("p_v4");
  v4_only.enable_ipv6 = false;
  manager.create_network(v4_only);
  ScratchNetns web("web");
  EXPECT_THROW(attach_named(web, "p_v4", "p-web-1", "fd99:1::5"), Error);
  EXPECT_THROW(attach_named(web, "p_chosen", "p-web-1", "fd99:2::5"), Error) << "outside";

  manager.remove_networks({"p_chosen", "p_v4"});
  auto table =
      berth::testing::run_command({"nft", "list", "table", "inet", manager.names().nft_table()});
  EXPECT_NE(table.status, 0) << "the table goes with the last network: " << table.out;
}

// A table made by a berth without IPv6 (its sets and rules stripped here)
// gets them added when the first dual-stack network comes.
TEST_F(DualStackTest, AnOlderTableWithoutIpv6GetsItInPlace) {
  NetworkSpec v4_only = dual_stack("p_old");
  v4_only.enable_ipv6 = false;
  manager.create_network(v4_only);
  std::string table = manager.names().nft_table();
  std::string strip =
      "for chain in published postrouting; do "
      "  nft -a list chain inet T $chain | grep -E 'ip6|ipv6' | sed 's/.*# handle //' | "
      "  while read handle; do nft delete rule inet T $chain handle $handle; done; "
      "done; for set in pub6 pub6any subnets6; do nft delete set inet T $set; done";
  for (size_t at; (at = strip.find(" T ")) != std::string::npos;)
    strip.replace(at, 3, " " + table + " ");
  auto stripping = berth::testing::run_command({"sh", "-c", strip});
  ASSERT_EQ(stripping.status, 0) << stripping.err << stripping.out;
  auto stripped = berth::testing::run_command({"nft", "list", "table", "inet", table});
  ASSERT_EQ(stripped.out.find("ipv6"), std::string::npos) << stripped.out;

  manager.create_network(dual_stack("p_default"));
  ScratchNetns web("web");
  attach_named(web, "p_default", "p-web-1");
  auto web_fd = web.fd(), lan_fd = lan.fd();
  TcpServer server(&web_fd, 80, "web");
  ASSERT_EQ(manager.publish("p-web-1", {published_port(18090)}).size(), 2u);
  EXPECT_EQ(tcp_fetch(&lan_fd, kHostLan6, 18090), "web");
}

}  // namespace
}  // namespace berth::network
