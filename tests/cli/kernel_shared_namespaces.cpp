// network_mode, pid and ipc through the real binary: which namespaces a
// container ends up in, what it shares, and when it is recreated.
#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "compose_stack_fixture.h"
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

class SharedNamespaces : public ComposeStackTest {
 protected:
  void SetUp() override { write_stack("modes", kSidecarStack); }
  void TearDown() override {
    ::unsetenv("GENERATION");
    compose({"down", "-t", "0"});
  }
};

TEST_F(SharedNamespaces, ServiceAndContainerModesShareTheTargetsNamespaceAndNames) {
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

TEST_F(SharedNamespaces, HostModeUsesTheHostsNamespaceNameAndHostsFile) {
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

TEST_F(SharedNamespaces, RecreatingTheTargetRecreatesWhatJoinsIt) {
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

TEST_F(SharedNamespaces, JoiningAContainerThatDoesNotExistFailsNamingIt) {
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

const char* kDebugStack = R"(name: share
services:
  app:
    image: localhost/test/busybox:1
    init: true
    ipc: shareable
    environment:
      GENERATION: ${GENERATION:-1}
    command: ["sh", "-c", "echo from-app > /dev/shm/segment; exec sleep 600"]
  debug:
    image: localhost/test/busybox:1
    init: true
    pid: "service:app"
    ipc: "service:app"
    command: ["sleep", "600"]
  onhost:
    image: localhost/test/busybox:1
    pid: host
    command: ["sleep", "600"]
)";

TEST_F(SharedNamespaces, PidAndIpcShareTheTargetsProcessesAndMemory) {
  std::ofstream(dir_ / "compose.yaml") << kDebugStack;
  auto up = compose({"up", "-d", "--wait"});
  ASSERT_EQ(up.status, 0) << up.err;
  const char* namespaces = "readlink /proc/self/ns/pid; readlink /proc/self/ns/ipc";
  EXPECT_EQ(exec("debug", namespaces), exec("app", namespaces));
  EXPECT_EQ(exec("debug", "cat /dev/shm/segment"), "from-app\n");
  EXPECT_NE(exec("debug", "ps -o args").find("sh -c echo from-app"), std::string::npos);
  EXPECT_EQ(exec("onhost", "readlink /proc/self/ns/pid"),
            fs::read_symlink("/proc/self/ns/pid").string() + "\n");

  ::setenv("GENERATION", "2", 1);
  auto actions = container_actions(compose({"plan", "--format", "json"}).out);
  EXPECT_EQ(actions["share-debug-1"], "recreate");
  EXPECT_EQ(actions["share-onhost-1"], "keep");
  ASSERT_EQ(compose({"up", "-d", "--wait"}).status, 0);
  EXPECT_EQ(exec("debug", "cat /dev/shm/segment"), "from-app\n");

  ASSERT_EQ(compose({"down", "-t", "0"}).status, 0);
  auto mounts = run_command({"findmnt", "-rn", "-o", "TARGET"});
  EXPECT_EQ(mounts.out.find("/containers/"), std::string::npos) << mounts.out;
}

TEST_F(SharedNamespaces, SharingTheIpcOfANonShareableContainerFailsNamingIt) {
  std::string text = kDebugStack;
  text.replace(text.find("    ipc: shareable\n"), 19, "");
  std::ofstream(dir_ / "compose.yaml") << text;
  auto up = compose({"up", "-d"});
  EXPECT_NE(up.status, 0);
  EXPECT_NE(up.err.find("not shareable (give it ipc: shareable) 'share-app-1'"), std::string::npos)
      << up.err;
}

}  // namespace
}  // namespace berth::testing
