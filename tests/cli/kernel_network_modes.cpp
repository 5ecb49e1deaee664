// network_mode host, service: and container: through the real binary: which
// namespace a container ends up in, what it shares, and when it is recreated.
#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/berth_cli.h"
#include "support/http_get.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

const char* kSidecarStack = R"(name: modes
services:
  vpn:
    image: localhost/test/busybox:1
    init: true
    command: ["httpd", "-f", "-p", "80", "-h", "/etc"]
    environment:
      GENERATION: ${GENERATION:-1}
  torrent:
    image: localhost/test/busybox:1
    init: true
    network_mode: "service:vpn"
    command: ["sleep", "600"]
  peer:
    image: localhost/test/busybox:1
    init: true
    network_mode: "container:modes-torrent-1"
    depends_on: [torrent]
    command: ["sleep", "600"]
  local:
    image: localhost/test/busybox:1
    init: true
    network_mode: host
    command: ["httpd", "-f", "-p", "127.0.0.1:18095", "-h", "/etc"]
)";

// Container name → planned action, from `plan --format json`.
std::map<std::string, std::string> container_actions(const std::string& plan_json) {
  std::map<std::string, std::string> actions;
  auto plan = nlohmann::json::parse(plan_json);
  for (const auto& step : plan["Steps"])
    if (step["Kind"] == "container") actions[step["Name"]] = step["Action"];
  return actions;
}

class NetworkModes : public ::testing::Test {
 protected:
  void SetUp() override {
    import_busybox_image();
    dir_ = fs::path(std::getenv("BERTH_SANDBOX")) / "modes";
    fs::create_directories(dir_);
    std::ofstream(dir_ / "compose.yaml") << kSidecarStack;
  }
  void TearDown() override {
    ::unsetenv("GENERATION");
    compose({"down", "-t", "0"});
  }

  CommandResult compose(std::vector<std::string> args) {
    return testing::compose(dir_ / "compose.yaml", std::move(args));
  }
  std::string exec(const std::string& service, const std::string& script) {
    auto result = compose({"exec", "-T", service, "sh", "-c", script});
    EXPECT_EQ(result.status, 0) << service << ": " << result.err;
    return result.out;
  }

  fs::path dir_;
};

TEST_F(NetworkModes, ServiceAndContainerModesShareTheTargetsNamespaceAndNames) {
  auto up = compose({"up", "-d", "--wait"});
  ASSERT_EQ(up.status, 0) << up.err;
  auto netns = exec("vpn", "readlink /proc/self/ns/net");
  EXPECT_EQ(exec("torrent", "readlink /proc/self/ns/net"), netns);
  EXPECT_EQ(exec("peer", "readlink /proc/self/ns/net"), netns);
  // The sidecar reaches the target's server over their shared loopback.
  EXPECT_EQ(exec("torrent", "wget -q -O - http://127.0.0.1:80/hostname"), "modes-vpn-1\n");
  EXPECT_EQ(exec("peer", "hostname; cat /etc/hostname"), "modes-vpn-1\nmodes-vpn-1\n");
  EXPECT_EQ(exec("torrent", "cat /etc/resolv.conf"), exec("vpn", "cat /etc/resolv.conf"));
}

TEST_F(NetworkModes, HostModeUsesTheHostsNamespaceNameAndHostsFile) {
  auto up = compose({"up", "-d", "--wait", "local"});
  ASSERT_EQ(up.status, 0) << up.err;
  auto hosts = http_get_when_listening("127.0.0.1", 18095, "/hosts");
  ASSERT_TRUE(hosts.has_value());
  std::ifstream host_hosts("/etc/hosts");
  std::string first_line;
  std::getline(host_hosts, first_line);
  EXPECT_EQ(hosts->rfind(first_line + "\n", 0), 0u) << *hosts;
  char name[HOST_NAME_MAX + 1] = {};
  ::gethostname(name, sizeof(name));
  EXPECT_EQ(http_get("127.0.0.1", 18095, "/hostname"), std::string(name) + "\n");
  EXPECT_EQ(exec("local", "readlink /proc/self/ns/net"),
            fs::read_symlink("/proc/self/ns/net").string() + "\n");
}

TEST_F(NetworkModes, RecreatingTheTargetRecreatesWhatJoinsIt) {
  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  auto unchanged = nlohmann::json::parse(compose({"plan", "--format", "json"}).out);
  ASSERT_TRUE(unchanged["ChangesNothing"].get<bool>()) << unchanged;

  ::setenv("GENERATION", "2", 1);
  auto plan = compose({"plan", "--format", "json"});
  ASSERT_EQ(plan.status, 0) << plan.err;
  auto actions = container_actions(plan.out);
  EXPECT_EQ(actions["modes-vpn-1"], "recreate");
  EXPECT_EQ(actions["modes-torrent-1"], "recreate");
  EXPECT_EQ(actions["modes-peer-1"], "recreate");
  EXPECT_EQ(actions["modes-local-1"], "keep");
  auto up = compose({"up", "-d", "--wait"});
  ASSERT_EQ(up.status, 0) << up.err;
  EXPECT_EQ(exec("peer", "wget -q -O - http://127.0.0.1:80/hostname"), "modes-vpn-1\n");

  // Recreated on its own, the target leaves its joiners in an orphaned
  // namespace; the next up notices and recreates them.
  ASSERT_EQ(compose({"up", "-d", "--wait", "--force-recreate", "--no-deps", "vpn"}).status, 0);
  plan = compose({"plan", "--format", "json"});
  ::unsetenv("GENERATION");
  actions = container_actions(plan.out);
  EXPECT_EQ(actions["modes-vpn-1"], "keep");
  EXPECT_EQ(actions["modes-torrent-1"], "recreate");
  EXPECT_EQ(actions["modes-peer-1"], "recreate");
}

TEST_F(NetworkModes, JoiningAContainerThatDoesNotExistFailsNamingIt) {
  std::ofstream(dir_ / "compose.yaml") << R"(name: modes
services:
  lonely:
    image: localhost/test/busybox:1
    network_mode: "container:nobody-here"
    command: ["true"]
)";
  auto up = compose({"up", "-d"});
  EXPECT_NE(up.status, 0);
  EXPECT_NE(up.err.find("nobody-here"), std::string::npos) << up.err;
}

}  // namespace
}  // namespace berth::testing
