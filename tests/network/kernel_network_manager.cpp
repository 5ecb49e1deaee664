#include <gtest/gtest.h>

#include "network/links.h"
#include "network/network_manager.h"
#include "scratch_netns.h"
#include "util/error.h"

namespace berth::network {
namespace {

using testing::must_run;
using testing::ScratchNetns;
using testing::tcp_fetch;
using testing::TcpServer;

class NetworkManagerTest : public ::testing::Test {
 protected:
  Locations locations = Locations::resolve(std::nullopt);
  state::StateStore store{locations};
  NetworkManager manager{store};

  static NetworkSpec spec(const std::string& name, const std::string& project,
                          std::optional<std::string> subnet = std::nullopt) {
    NetworkSpec network;
    network.name = name;
    network.project = project;
    network.subnet = std::move(subnet);
    return network;
  }

  EndpointSpec container(const std::string& name) {
    EndpointSpec spec;
    spec.container = name;
    spec.service = "svc";
    return spec;
  }
};

TEST_F(NetworkManagerTest, AllocatesSubnetsAndAddressesAndWiresContainers) {
  auto network = manager.create_network(spec("proj_default", "proj"));
  EXPECT_EQ(network.subnet.to_string(), "10.89.0.0/24");
  EXPECT_EQ(network.gateway.to_string(), "10.89.0.1");
  EXPECT_TRUE(network.bridge.starts_with("bt" + store.root_id()));
  auto second = manager.create_network(spec("proj_back", "proj"));
  EXPECT_EQ(second.subnet.to_string(), "10.89.1.0/24");
  EXPECT_EQ(manager.create_network(spec("proj_default", "proj")).bridge, network.bridge);

  ScratchNetns first("c1"), other("c2");
  auto a = manager.attach(first.path(), "proj_default", container("proj-a-1"));
  auto b = manager.attach(other.path(), "proj_default", container("proj-b-1"));
  EXPECT_EQ(a.ip.to_string(), "10.89.0.2");
  EXPECT_EQ(b.ip.to_string(), "10.89.0.3");
  auto other_fd = other.fd();
  TcpServer server(&other_fd, 9000, "b");
  auto first_fd = first.fd();
  EXPECT_EQ(tcp_fetch(&first_fd, "10.89.0.3", 9000), "b");

  EXPECT_THROW(manager.remove_network("proj_default"), Error);
  manager.release_container("proj-a-1");
  manager.release_container("proj-b-1");
  manager.remove_network("proj_default");
  manager.remove_network("proj_back");
  RtnlSocket host;
  EXPECT_TRUE(Links(host).names_with_prefix("bt" + store.root_id()).empty());
}

TEST_F(NetworkManagerTest, AutoAllocationSkipsHostRoutesAndExplicitOverlapFails) {
  must_run({"ip", "link", "add", "lan0", "type", "veth", "peer", "name", "lan1"});
  must_run({"ip", "addr", "add", "10.89.0.5/23", "dev", "lan0"});
  must_run({"ip", "link", "set", "lan0", "up"});
  must_run({"ip", "route", "add", "10.89.7.0/24", "dev", "lan0"});

  EXPECT_EQ(manager.create_network(spec("p_a", "p")).subnet.to_string(), "10.89.2.0/24");
  try {
    manager.create_network(spec("p_b", "p", "10.89.7.128/25"));
    FAIL() << "overlap with a host route accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("10.89.7.0/24"), std::string::npos) << error.what();
  }
  EXPECT_THROW(manager.create_network(spec("p_c", "p", "10.89.2.0/16")), Error);
  EXPECT_FALSE(manager.find_network("p_b"));
  EXPECT_EQ(manager.create_network(spec("p_d", "p", "172.31.9.0/24")).gateway.to_string(),
            "172.31.9.1");
  manager.remove_network("p_a");
  manager.remove_network("p_d");
  must_run({"ip", "link", "del", "lan0"});
}

TEST_F(NetworkManagerTest, AllocationsPersistAndAreNeverDuplicated) {
  manager.create_network(spec("p_net", "p", "10.50.0.0/29"));
  ScratchNetns first("c1"), second("c2"), third("c3");
  auto spec = container("p-a-1");
  spec.ipv4_address = "10.50.0.4";
  EXPECT_EQ(manager.attach(first.path(), "p_net", spec).ip.to_string(), "10.50.0.4");
  auto clash = container("p-b-1");
  clash.ipv4_address = "10.50.0.4";
  EXPECT_THROW(manager.attach(second.path(), "p_net", clash), Error);
  {
    state::StateStore reopened(locations);
    NetworkManager restarted(reopened);
    EXPECT_EQ(restarted.find_network("p_net")->subnet.to_string(), "10.50.0.0/29");
    EXPECT_EQ(restarted.attach(second.path(), "p_net", container("p-b-1")).ip.to_string(),
              "10.50.0.2");
  }
  // Re-attaching the same container (after a crash) keeps its address.
  EXPECT_EQ(manager.attach(first.path(), "p_net", container("p-a-1")).ip.to_string(), "10.50.0.4");
  manager.release_container("p-b-1");
  EXPECT_EQ(manager.attach(third.path(), "p_net", container("p-c-1")).ip.to_string(), "10.50.0.2");
  manager.release_container("p-a-1");
  manager.release_container("p-c-1");
  manager.remove_network("p_net");
}

TEST_F(NetworkManagerTest, GarbageCollectionRemovesOnlyUnownedLinks) {
  auto network = manager.create_network(spec("p_net", "p"));
  std::string stray = "bt" + store.root_id() + "b99";
  must_run({"ip", "link", "add", stray, "type", "bridge"});
  must_run({"ip", "link", "add", "bt999999b1", "type", "bridge"});  // another root's
  EXPECT_EQ(manager.collect_garbage(), std::vector<std::string>{stray});
  RtnlSocket host;
  EXPECT_TRUE(Links(host).index_of(network.bridge));
  EXPECT_TRUE(Links(host).index_of("bt999999b1"));
  manager.remove_network("p_net");
  must_run({"ip", "link", "del", "bt999999b1"});
}

// `down` relies on it: the networks, the veths of removed containers and the
// leftovers of a killed berth go in one call, the firewall table with the last
// network.
TEST_F(NetworkManagerTest, RemovingNetworksAlsoSweepsLinksNoNetworkOwns) {
  manager.create_network(spec("p_front", "p"));
  manager.create_network(spec("p_back", "p"));
  std::string stray = "bt" + store.root_id() + "b99";
  must_run({"ip", "link", "add", stray, "type", "bridge"});
  must_run({"ip", "link", "add", "bt999999b1", "type", "bridge"});  // another root's
  manager.remove_networks({"p_front", "p_back"});
  RtnlSocket host;
  EXPECT_TRUE(Links(host).names_with_prefix("bt" + store.root_id()).empty());
  EXPECT_TRUE(Links(host).index_of("bt999999b1"));
  auto tables = berth::testing::run_command({"nft", "list", "tables"});
  EXPECT_EQ(tables.out.find(manager.names().nft_table()), std::string::npos) << tables.out;
  must_run({"ip", "link", "del", "bt999999b1"});
}

// Two keys of a stack may name one network: listed twice, it must not count as
// two, or the table would go while another network still needs it.
TEST_F(NetworkManagerTest, ANetworkNamedTwiceLeavesTheTableToTheOthers) {
  manager.create_network(spec("p_shared", "p"));
  manager.create_network(spec("q_default", "q"));
  manager.remove_networks({"p_shared", "p_shared"});
  auto tables = berth::testing::run_command({"nft", "list", "tables"});
  EXPECT_NE(tables.out.find(manager.names().nft_table()), std::string::npos) << tables.out;
  EXPECT_FALSE(manager.find_network("p_shared"));
  manager.remove_network("q_default");
}

}  // namespace
}  // namespace berth::network
