#include <gtest/gtest.h>

#include "network/network_manager.h"
#include "scratch_netns.h"
#include "util/error.h"

namespace berth::network {
namespace {

using testing::must_run;
using testing::ScratchNetns;
using testing::tcp_fetch;
using testing::TcpServer;

// The sandbox plays the host: it gets a "LAN" interface 192.168.77.1 whose
// peer lives in a separate namespace standing in for another machine.
class PortPublishingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    must_run({"ip", "link", "add", "lan0", "type", "veth", "peer", "name", "lan1", "netns", "lan"});
    must_run({"ip", "addr", "add", "192.168.77.1/24", "dev", "lan0"});
    must_run({"ip", "link", "set", "lan0", "up"});
    for (auto args : std::vector<std::vector<std::string>>{
             {"ip", "addr", "add", "192.168.77.2/24", "dev", "lan1"},
             {"ip", "link", "set", "lan1", "up"},
             {"ip", "link", "set", "lo", "up"},
             {"ip", "route", "add", "10.89.0.0/16", "via", "192.168.77.1"}})
      ASSERT_EQ(lan.run(args), 0);
  }

  void TearDown() override { berth::testing::run_command({"ip", "link", "del", "lan0"}); }

  NamespaceFd attach_server(const ScratchNetns& netns, const std::string& network,
                            const std::string& name) {
    EndpointSpec spec;
    spec.container = name;
    spec.service = name;
    manager.attach(netns.path(), network, spec);
    return netns.fd();
  }

  NetworkSpec network(const std::string& name, const std::string& project) {
    NetworkSpec spec;
    spec.name = name;
    spec.project = project;
    return spec;
  }

  ScratchNetns lan{"lan"};
  Locations locations = Locations::resolve(std::nullopt);
  state::StateStore store{locations};
  NetworkManager manager{store};
};

PublishSpec port(uint16_t host_port, uint16_t container_port,
                 std::optional<std::string> host_ip = std::nullopt) {
  PublishSpec spec;
  spec.host_ip = std::move(host_ip);
  spec.host_port = host_port;
  spec.container_port = container_port;
  return spec;
}

TEST_F(PortPublishingTest, PublishedPortAnswersFromHostLanAndHairpin) {
  manager.create_network(network("p_default", "p"));
  ScratchNetns web("web");
  auto web_fd = attach_server(web, "p_default", "p-web-1");
  TcpServer server(&web_fd, 80, "web");
  auto lan_fd = lan.fd();

  auto published = manager.publish("p-web-1", {port(18080, 80), port(18081, 80, "127.0.0.1")});
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(to_string(published[0].target), "10.89.0.2");

  EXPECT_EQ(tcp_fetch(nullptr, "127.0.0.1", 18080), "web");
  EXPECT_EQ(tcp_fetch(nullptr, "192.168.77.1", 18080), "web");
  EXPECT_EQ(tcp_fetch(&lan_fd, "192.168.77.1", 18080), "web");
  EXPECT_EQ(tcp_fetch(&web_fd, "192.168.77.1", 18080), "web") << "hairpin";
  EXPECT_EQ(tcp_fetch(nullptr, "127.0.0.1", 18081), "web");
  EXPECT_EQ(tcp_fetch(&lan_fd, "192.168.77.1", 18081), std::nullopt) << "127.0.0.1-only port";
  EXPECT_EQ(tcp_fetch(&lan_fd, "10.89.0.2", 80), std::nullopt) << "unpublished from outside";

  manager.release_container("p-web-1");
  EXPECT_EQ(tcp_fetch(nullptr, "127.0.0.1", 18080), std::nullopt);
  manager.remove_network("p_default");
  EXPECT_EQ(berth::testing::run_command({"nft", "list", "tables"}).out.find("berth_"),
            std::string::npos);
}

TEST_F(PortPublishingTest, PortPublishedTwiceFailsNamingOwnerAndChangesNothing) {
  manager.create_network(network("p_default", "p"));
  ScratchNetns first("c1"), second("c2");
  attach_server(first, "p_default", "p-a-1");
  attach_server(second, "p_default", "p-b-1");
  manager.publish("p-a-1", {port(18080, 80)});
  try {
    manager.publish("p-b-1", {port(18090, 80), port(18080, 80, "127.0.0.1")});
    FAIL() << "second publication of 18080 accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("p-a-1"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("18080"), std::string::npos) << error.what();
  }
  auto maps = berth::testing::run_command(
      {"nft", "list", "map", "inet", manager.names().nft_table(), "pub4any"});
  EXPECT_EQ(maps.out.find("18090"), std::string::npos) << maps.out;
  EXPECT_NE(maps.out.find("18080"), std::string::npos) << maps.out;
  manager.release_container("p-a-1");
  manager.release_container("p-b-1");
  manager.remove_network("p_default");
}

TEST_F(PortPublishingTest, HostListenerBlocksPortAndRandomPortIsFree) {
  manager.create_network(network("p_default", "p"));
  ScratchNetns web("web");
  auto web_fd = attach_server(web, "p_default", "p-web-1");
  TcpServer host_listener(nullptr, 18085, "host");
  try {
    manager.publish("p-web-1", {port(18085, 80, "127.0.0.1")});
    FAIL() << "port held by a host listener accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("*:18085"), std::string::npos) << error.what();
  }
  TcpServer server(&web_fd, 80, "web");
  auto published = manager.publish("p-web-1", {port(0, 80), port(0, 80)});
  ASSERT_EQ(published.size(), 2u);
  EXPECT_GE(published[0].host_port, 49153);
  EXPECT_NE(published[0].host_port, published[1].host_port);
  EXPECT_EQ(tcp_fetch(nullptr, "127.0.0.1", published[1].host_port), "web");
  manager.release_container("p-web-1");
  manager.remove_network("p_default");
}

TEST_F(PortPublishingTest, NetworksAndProjectsAreIsolated) {
  manager.create_network(network("a_default", "a"));
  manager.create_network(network("b_default", "b"));
  ScratchNetns a1("a1"), a2("a2"), b1("b1");
  auto a1_fd = attach_server(a1, "a_default", "a-x-1");
  auto a2_fd = attach_server(a2, "a_default", "a-y-1");
  auto b1_fd = attach_server(b1, "b_default", "b-x-1");
  TcpServer server(&a1_fd, 80, "a1");
  manager.publish("a-x-1", {port(18080, 80)});

  EXPECT_EQ(tcp_fetch(&a2_fd, "10.89.0.2", 80), "a1") << "same network";
  EXPECT_EQ(tcp_fetch(&b1_fd, "10.89.0.2", 80), std::nullopt) << "other project's network";
  EXPECT_EQ(tcp_fetch(&b1_fd, "10.89.1.1", 18080), "a1") << "published port via host";

  for (auto name : {"a-x-1", "a-y-1", "b-x-1"}) manager.release_container(name);
  manager.remove_network("a_default");
  manager.remove_network("b_default");
}

// Thousands of ports in one call: the elements go in several messages of
// one batch (one message of them overflowed its buffer).
TEST_F(PortPublishingTest, ThousandsOfPortsPublishAndUnpublishInOneBatch) {
  manager.create_network(network("p_default", "p"));
  ScratchNetns web("web");
  auto web_fd = attach_server(web, "p_default", "p-web-1");
  TcpServer server(&web_fd, 80, "web");
  std::vector<PublishSpec> ports;
  for (uint16_t i = 0; i < 3000; ++i) ports.push_back(port(static_cast<uint16_t>(30000 + i), 80));
  ASSERT_EQ(manager.publish("p-web-1", ports).size(), 3000u);
  EXPECT_EQ(tcp_fetch(nullptr, "127.0.0.1", 30000), "web");
  EXPECT_EQ(tcp_fetch(nullptr, "127.0.0.1", 32999), "web");
  manager.release_container("p-web-1");
  EXPECT_EQ(tcp_fetch(nullptr, "127.0.0.1", 32999), std::nullopt);
}

}  // namespace
}  // namespace berth::network
