// userns_mode: auto through the real binary: each container's root is a range
// of subordinate host ids from the subuid/subgid files of berth's config, its
// image files read as its own, and what it writes lands on the host as those ids.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "compose_stack_fixture.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

const char* kShiftedStack = R"(name: shifted
services:
  app:
    image: localhost/test/busybox:1
    init: true
    userns_mode: auto
    command: ["sleep", "600"]
    volumes: ["data:/data", "./host-secret:/secret:ro"]
  small:
    image: localhost/test/busybox:1
    init: true
    userns_mode: "auto:size=1000"
    command: ["sleep", "600"]
  locked:
    image: localhost/test/busybox:1
    init: true
    userns_mode: auto
    read_only: true
    tmpfs: [/tmp]
    command: ["sleep", "600"]
    healthcheck: {test: ["CMD", "touch", "/tmp/checked"], interval: 10s, start_period: 10s,
                  start_interval: 100ms}
volumes:
  data: {}
)";

// The id map a process of the container sees, one "inside outside count" line each.
const char* kMaps = "awk '{print $1, $2, $3}' /proc/1/uid_map /proc/1/gid_map /proc/self/uid_map";

class AutoUserNamespace : public ComposeStackTest {
 protected:
  void SetUp() override {
    sandbox_ = std::getenv("BERTH_SANDBOX");
    std::ofstream(sandbox_ / "subuid") << "# granted by hand\nsomeone:100000:65536\n"
                                       << "berth:300000:131072\n";
    std::ofstream(sandbox_ / "subgid") << "berth:400000:131072\n";
    std::ofstream(std::getenv("BERTH_CONFIG"))
        << "{\"subuid-file\": \"" << (sandbox_ / "subuid").string() << "\", \"subgid-file\": \""
        << (sandbox_ / "subgid").string() << "\"}\n";
    write_stack("shifted", kShiftedStack);
    std::ofstream(dir_ / "host-secret") << "host root only\n";
    fs::permissions(dir_ / "host-secret", fs::perms::owner_read | fs::perms::owner_write);
  }
  void TearDown() override { compose({"down", "-t", "0", "-v"}); }

  static uid_t host_owner(const fs::path& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
    return info.st_uid;
  }

  fs::path sandbox_;
};

TEST_F(AutoUserNamespace, EachContainersRootIsItsOwnRangeOfSubordinateIds) {
  auto up = compose({"up", "-d", "app", "small"});
  ASSERT_EQ(up.status, 0) << up.err;
  // The first free ranges of user berth, in the order the containers were made;
  // exec joins the same namespace as the container's first process.
  auto app = exec("app", kMaps), small = exec("small", kMaps);
  bool app_first = app.find("0 300000 65536") == 0;
  EXPECT_EQ(app, app_first ? "0 300000 65536\n0 400000 65536\n0 300000 65536\n"
                           : "0 301000 65536\n0 401000 65536\n0 301000 65536\n");
  EXPECT_EQ(small, app_first ? "0 365536 1000\n0 465536 1000\n0 365536 1000\n"
                             : "0 300000 1000\n0 400000 1000\n0 300000 1000\n");
  uid_t app_root = app_first ? 300000 : 301000;

  // The image's root-owned files are the container root's own; what it writes,
  // in its layer or a volume, is stored on the host under its host id.
  EXPECT_EQ(exec("app",
                 "id -u; stat -c %u:%g /bin /etc; touch /made-here /data/kept && "
                 "stat -c %u /made-here /data/kept"),
            "0\n0:0\n0:0\n0\n0\n");
  auto root = fs::path(std::getenv("BERTH_ROOT"));
  EXPECT_EQ(host_owner(root / "containers" / "shifted-app-1" / "upper" / "made-here"), app_root);
  auto volume = berth({"volume", "inspect", "shifted_data"});
  ASSERT_EQ(volume.status, 0) << volume.err;
  auto mountpoint = nlohmann::json::parse(volume.out)[0]["Mountpoint"].get<std::string>();
  EXPECT_EQ(host_owner(fs::path(mountpoint) / "kept"), app_root);

  // berth cp gives what it copies in to the container's root, as docker cp does.
  std::ofstream(dir_ / "copied") << "in\n";
  auto copied = compose({"cp", (dir_ / "copied").string(), "app:/copied"});
  ASSERT_EQ(copied.status, 0) << copied.err;
  EXPECT_EQ(exec("app", "stat -c %u:%g /copied"), "0:0\n");

  // With -a the owners are kept as the container sees them, both ways.
  ASSERT_EQ(::chown((dir_ / "copied").c_str(), 1234, 2345), 0);
  auto kept = compose({"cp", "-a", (dir_ / "copied").string(), "app:/kept"});
  ASSERT_EQ(kept.status, 0) << kept.err;
  EXPECT_EQ(exec("app", "stat -c %u:%g /kept; chown 42:43 /made-here"), "1234:2345\n");
  EXPECT_EQ(host_owner(root / "containers" / "shifted-app-1" / "upper" / "kept"), app_root + 1234);
  auto out = compose({"cp", "-a", "app:/made-here", (dir_ / "out").string()});
  ASSERT_EQ(out.status, 0) << out.err;
  struct stat copied_out {};
  ASSERT_EQ(::stat((dir_ / "out").c_str(), &copied_out), 0);
  EXPECT_EQ(copied_out.st_uid, 42u);
  EXPECT_EQ(copied_out.st_gid, 43u);
  // An owner the container has no id for is refused, naming it.
  ASSERT_EQ(::chown((dir_ / "copied").c_str(), 70000, 0), 0);
  auto unmapped = compose({"cp", "-a", (dir_ / "copied").string(), "app:/unmapped"});
  EXPECT_NE(unmapped.status, 0);
  EXPECT_NE(unmapped.err.find("owner 70000"), std::string::npos) << unmapped.err;

  // Root inside is nobody outside: a host root's 0600 file stays closed to it.
  auto secret = compose({"exec", "-T", "app", "cat", "/secret"});
  EXPECT_NE(secret.status, 0);
  EXPECT_NE(secret.err.find("Permission denied"), std::string::npos) << secret.err;
}

// The image has no /proc, /dev or /etc/hosts to mount on: they are made before
// the root turns read-only. Its healthcheck runs inside its user namespace too.
TEST_F(AutoUserNamespace, AReadOnlyRootStillGetsItsMountPoints) {
  auto up = compose({"up", "-d", "--wait", "locked"});
  ASSERT_EQ(up.status, 0) << up.err;
  EXPECT_EQ(exec("locked",
                 "touch /x 2>/dev/null || echo read-only; touch /tmp/y && "
                 "stat -c %u /tmp/y /tmp/checked; grep -c locked /etc/hosts"),
            "read-only\n0\n0\n1\n");
}

TEST_F(AutoUserNamespace, RangesAreFreedWithTheirContainers) {
  ASSERT_EQ(compose({"up", "-d", "app"}).status, 0);
  EXPECT_EQ(exec("app", kMaps), "0 300000 65536\n0 400000 65536\n0 300000 65536\n");
  ASSERT_EQ(compose({"up", "-d", "small"}).status, 0);
  EXPECT_EQ(exec("small", kMaps), "0 365536 1000\n0 465536 1000\n0 365536 1000\n");
  ASSERT_EQ(compose({"rm", "-s", "-f", "app"}).status, 0);
  ASSERT_EQ(compose({"up", "-d", "small"}).status, 0);
  EXPECT_EQ(exec("small", kMaps), "0 365536 1000\n0 465536 1000\n0 365536 1000\n");  // kept
  ASSERT_EQ(compose({"up", "-d", "app"}).status, 0);
  EXPECT_EQ(exec("app", kMaps), "0 300000 65536\n0 400000 65536\n0 300000 65536\n");  // reused
}

TEST_F(AutoUserNamespace, WithoutGrantedIdsUpFailsNamingTheFileAndCreatesNothing) {
  std::ofstream(sandbox_ / "subuid") << "someone:100000:65536\n";
  auto up = compose({"up", "-d", "app"});
  EXPECT_NE(up.status, 0);
  EXPECT_NE(up.err.find("subordinate ids of user 'berth'"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find((sandbox_ / "subuid").string()), std::string::npos) << up.err;
  auto ps = compose({"ps", "-a", "-q"});
  EXPECT_EQ(ps.out, "");
}

}  // namespace
}  // namespace berth::testing
