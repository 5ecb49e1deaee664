// enable_ipv6 through the real binary: a dual-stack network, the addresses
// and names containers see, and a port published over IPv6.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "compose_stack_fixture.h"

namespace berth::testing {
namespace {

const char* kDualStackStack = R"(name: dual
services:
  web:
    image: localhost/test/busybox:1
    init: true
    command: ["httpd", "-f", "-p", "80", "-h", "/etc"]
    ports: ["18096:80"]
    networks:
      front: {ipv6_address: "fd00:96::10"}
  client:
    image: localhost/test/busybox:1
    init: true
    command: ["sleep", "600"]
    networks: [front]
networks:
  front:
    enable_ipv6: true
    ipam:
      config:
        - subnet: "fd00:96::/64"
)";

class DualStackStack : public ComposeStackTest {
 protected:
  void SetUp() override { write_stack("dual", kDualStackStack); }
  void TearDown() override { compose({"down", "-t", "0"}); }
};

TEST_F(DualStackStack, ContainersGetIpv6AddressesNamesAndPublishedPorts) {
  auto up = compose({"up", "-d", "--wait"});
  ASSERT_EQ(up.status, 0) << up.err;

  EXPECT_NE(exec("web", "ip -6 addr show dev eth0").find("inet6 fd00:96::10/64"),
            std::string::npos);
  EXPECT_NE(exec("web", "ip -6 route show default").find("via fd00:96::1"), std::string::npos);
  EXPECT_NE(exec("client", "ip -6 addr show dev eth0").find("inet6 fd00:96::2/64"),
            std::string::npos);
  EXPECT_NE(exec("web", "cat /etc/hosts").find("fd00:96::10\tdual-web-1"), std::string::npos);

  // The embedded DNS answers AAAA for the service name, on both gateways.
  EXPECT_EQ(exec("client", "grep nameserver /etc/resolv.conf"),
            "nameserver 10.89.0.1\nnameserver fd00:96::1\n");
  auto lookup = exec("client", "nslookup -type=AAAA web");
  EXPECT_NE(lookup.find("fd00:96::10"), std::string::npos) << lookup;
  auto over_ipv6 = exec("client", "nslookup web fd00:96::1");
  EXPECT_NE(over_ipv6.find("fd00:96::10"), std::string::npos) << over_ipv6;
  EXPECT_EQ(exec("client", "wget -q -O - 'http://[fd00:96::10]/hostname'"), "dual-web-1\n");
  // Published on both families: the gateway is one of the host's own addresses.
  EXPECT_EQ(exec("client", "wget -q -O - 'http://[fd00:96::1]:18096/hostname'"), "dual-web-1\n");
  EXPECT_EQ(exec("client", "wget -q -O - http://10.89.0.1:18096/hostname"), "dual-web-1\n");

  // ps lists both, as compose's Publishers and Ports.
  for (const auto& container : ps_json(dir_ / "compose.yaml")) {
    if (container["Service"] != "web") continue;
    EXPECT_EQ(container["Ports"], "0.0.0.0:18096->80/tcp, [::]:18096->80/tcp");
    ASSERT_EQ(container["Publishers"].size(), 2u);
    EXPECT_EQ(container["Publishers"][1]["URL"], "::");
    EXPECT_EQ(container["Publishers"][1]["PublishedPort"], 18096);
    EXPECT_EQ(labels_of(container)["com.docker.compose.service"], "web")
        << "Labels as compose writes them: " << container["Labels"];
  }
}

TEST_F(DualStackStack, AnIpv6AddressOutsideTheSubnetFailsAndLeavesNothing) {
  std::string text = kDualStackStack;
  text.replace(text.find("fd00:96::10"), 11, "fd00:97::10");
  std::ofstream(dir_ / "compose.yaml") << text;
  auto up = compose({"up", "-d"});
  EXPECT_NE(up.status, 0);
  EXPECT_NE(up.err.find("fd00:97::10"), std::string::npos) << up.err;
  auto ps = compose({"ps", "-a", "-q"});
  EXPECT_EQ(ps.out, "") << "a failed up leaves no container of the failing service";
}

TEST_F(DualStackStack, BerthsConfigChoosesThePoolsOfNetworksWithoutSubnets) {
  std::ofstream(std::getenv("BERTH_CONFIG"))
      << "{\"default-address-pools\": [{\"base\": \"10.123.0.0/16\", \"size\": 24},\n"
         "                           {\"base\": \"fd12:3456::/48\", \"size\": 64}]}\n";
  write_stack("pooled", R"(name: pooled
services:
  app:
    image: localhost/test/busybox:1
    init: true
    command: ["sleep", "600"]
networks:
  default:
    enable_ipv6: true
)");
  auto up = compose({"up", "-d", "--wait"});
  ASSERT_EQ(up.status, 0) << up.err;
  auto addresses = exec("app", "ip addr show dev eth0");
  EXPECT_NE(addresses.find("inet 10.123.0.2/24"), std::string::npos) << addresses;
  EXPECT_NE(addresses.find("inet6 fd12:3456::2/64"), std::string::npos) << addresses;
}

const char* kToggledStack = R"(name: toggled
services:
  app:
    image: localhost/test/busybox:1
    init: true
    command: ["sleep", "600"]
  other:
    image: localhost/test/busybox:1
    init: true
    command: ["sleep", "600"]
networks:
  default:
    enable_ipv6: ${IPV6:-false}
)";

TEST_F(DualStackStack, AChangedNetworkIsRecreatedWithTheContainersOnIt) {
  write_stack("toggled", kToggledStack);
  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  EXPECT_EQ(exec("app", "ip -6 addr show dev eth0 scope global"), "");
  auto unchanged = nlohmann::json::parse(compose({"plan", "--format", "json"}).out);
  EXPECT_TRUE(unchanged["ChangesNothing"].get<bool>()) << unchanged;

  ::setenv("IPV6", "true", 1);
  // Only one service named: the other one on the network would be cut off.
  auto partial = compose({"up", "-d", "--no-deps", "app"});
  EXPECT_NE(partial.status, 0);
  EXPECT_NE(partial.err.find("toggled-other-1"), std::string::npos) << partial.err;

  auto plan = nlohmann::json::parse(compose({"plan", "--format", "json"}).out);
  std::map<std::string, std::string> actions;
  for (const auto& step : plan["Steps"]) actions[step["Name"]] = step["Action"];
  EXPECT_EQ(actions["toggled_default"], "recreate");
  EXPECT_EQ(actions["toggled-app-1"], "recreate");
  EXPECT_EQ(actions["toggled-other-1"], "recreate");
  auto up = compose({"up", "-d", "--wait"});
  ::unsetenv("IPV6");
  ASSERT_EQ(up.status, 0) << up.err;
  EXPECT_NE(exec("app", "ip -6 addr show dev eth0 scope global").find("inet6 fd6b:6572:7468::"),
            std::string::npos);
  EXPECT_EQ(exec("app", "ping -c 1 -W 2 other >/dev/null && echo reached"), "reached\n");
}

}  // namespace
}  // namespace berth::testing
