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

// Another firewall on the "host" drops forwarded traffic, like Docker's
// iptables FORWARD policy; a LAN namespace reaches the host at 192.168.78.1.
class ForwardCoexistenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    must_run({"ip", "link", "add", "lan0", "type", "veth", "peer", "name", "lan1", "netns", "lan"});
    must_run({"ip", "addr", "add", "192.168.78.1/24", "dev", "lan0"});
    must_run({"ip", "link", "set", "lan0", "up"});
    ASSERT_EQ(lan.run({"ip", "addr", "add", "192.168.78.2/24", "dev", "lan1"}), 0);
    ASSERT_EQ(lan.run({"ip", "link", "set", "lan1", "up"}), 0);
    must_run({"iptables", "-P", "FORWARD", "DROP"});
  }
  void TearDown() override {
    berth::testing::run_command({"ip", "link", "del", "lan0"});
    berth::testing::run_command({"nft", "delete", "table", "ip", "filter"});
  }

  NetworkSpec spec(const std::string& name) {
    NetworkSpec network;
    network.name = name;
    network.project = "p";
    return network;
  }

  std::string rules_of(const std::string& chain) {
    return berth::testing::run_command({"nft", "list", "chain", "ip", "filter", chain}).out;
  }

  ScratchNetns lan{"lan"};
  Locations locations = Locations::resolve(std::nullopt);
  state::StateStore store{locations};
};

TEST_F(ForwardCoexistenceTest, AcceptRulesLetPublishedPortsThroughAndLeaveWithTheNetwork) {
  NetworkManager manager(store);
  auto network = manager.create_network(spec("p_default"));
  ScratchNetns web("web");
  EndpointSpec endpoint;
  endpoint.container = "p-web-1";
  manager.attach(web.path(), "p_default", endpoint);
  auto web_fd = web.fd();
  TcpServer server(&web_fd, 80, "web");
  PublishSpec port;
  port.host_port = 18080;
  port.container_port = 80;
  manager.publish("p-web-1", {port});

  auto lan_fd = lan.fd();
  EXPECT_EQ(tcp_fetch(&lan_fd, "192.168.78.1", 18080), "web");
  EXPECT_NE(rules_of("FORWARD").find("berth:" + store.root_id() + ":" + network.bridge),
            std::string::npos);

  manager.release_container("p-web-1");
  manager.remove_network("p_default");
  EXPECT_EQ(rules_of("FORWARD").find("berth:"), std::string::npos) << rules_of("FORWARD");
}

TEST_F(ForwardCoexistenceTest, RulesGoToDockerUserWhenItExists) {
  must_run({"iptables", "-N", "DOCKER-USER"});
  must_run({"iptables", "-A", "FORWARD", "-j", "DOCKER-USER"});
  NetworkManager manager(store);
  auto network = manager.create_network(spec("p_default"));
  EXPECT_NE(rules_of("DOCKER-USER").find(network.bridge), std::string::npos);
  EXPECT_EQ(rules_of("FORWARD").find(network.bridge), std::string::npos);
  manager.remove_network("p_default");
  EXPECT_EQ(rules_of("DOCKER-USER").find("berth:"), std::string::npos);
}

TEST_F(ForwardCoexistenceTest, DisabledCoexistenceFailsBeforeCreatingAnything) {
  NetworkOptions options;
  options.firewall_coexistence = false;
  NetworkManager manager(store, options);
  try {
    manager.create_network(spec("p_default"));
    FAIL() << "network created under a dropping FORWARD policy";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("filter FORWARD"), std::string::npos) << error.what();
  }
  EXPECT_FALSE(manager.find_network("p_default"));
  auto links = berth::testing::run_command({"ip", "-o", "link", "show", "type", "bridge"});
  EXPECT_EQ(links.out, "");
}

}  // namespace
}  // namespace berth::network
