// The cgroup v2 device filter, attached to a group of the host's cgroup2
// hierarchy (the unified one on hybrid hosts, where BPF device programs apply
// as they do on pure v2 hosts).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "container_runner.h"
#include "runtime/cgroup_driver.h"
#include "runtime/cgroup_probe.h"
#include "runtime/device_filter.h"
#include "util/error.h"

namespace berth::runtime {
namespace {

namespace fs = std::filesystem;
using testing::run_in_container;

const char* kProbe =
    "rm -f /tmp/fuse /tmp/loop; mknod /tmp/fuse c 10 229 && echo made-char;"
    "(exec 3<>/tmp/fuse) 2>/dev/null && echo opened-char || echo refused-char;"
    "mknod /tmp/loop b 7 0 && echo made-block;"
    "(exec 3</tmp/loop) 2>/dev/null && echo opened-block || echo refused-block;"
    "(exec 3<>/dev/null) 2>/dev/null && echo opened-null || echo refused-null";

class DeviceFilter : public ::testing::Test {
 protected:
  void SetUp() override {
    auto root = probe_cgroups().unified_root;
    if (root.empty() || !fs::exists("/dev/fuse")) GTEST_SKIP() << "needs cgroup2 and /dev/fuse";
    // Inside the sandbox's own parent: pids repeat across sandboxes (each has
    // its own PID namespace), so a pid-named group would be shared by
    // tests running side by side.
    const char* parent = std::getenv("BERTH_CGROUP_PARENT");
    if (!parent) GTEST_SKIP() << "runs inside berth-sandbox";
    group_ = root / parent / "devtest";
    fs::create_directory(group_);
  }
  void TearDown() override {
    if (!group_.empty()) fs::remove(group_);
  }
  std::string probe() {
    return run_in_container({}, kProbe,
                            [&](pid_t pid) { std::ofstream(group_ / "cgroup.procs") << pid; })
        .out;
  }
  static std::vector<DeviceRule> rules(std::vector<std::string> extra = {}) {
    std::vector<DeviceRule> parsed;
    for (const auto& rule : default_device_rules()) parsed.push_back(parse_device_rule(rule));
    for (const auto& rule : extra) parsed.push_back(parse_device_rule(rule));
    return parsed;
  }

  fs::path group_;
};

TEST_F(DeviceFilter, WithoutItEveryDeviceOpens) {
  EXPECT_EQ(probe(), "made-char\nopened-char\nmade-block\nopened-block\nopened-null\n");
}

TEST_F(DeviceFilter, DockersDefaultsLetNodesBeMadeButOnlyItsDevicesOpened) {
  attach_device_filter(group_, rules());
  EXPECT_EQ(probe(), "made-char\nrefused-char\nmade-block\nrefused-block\nopened-null\n");
}

TEST_F(DeviceFilter, AnExtraRuleGrantsItsDeviceAndAccessOnly) {
  attach_device_filter(group_, rules({"c 10:229 rw", "b 7:* r"}));
  EXPECT_EQ(probe(), "made-char\nopened-char\nmade-block\nopened-block\nopened-null\n");
}

// The v2 driver itself, run on the cgroup2 hierarchy whatever the host's mode.
std::string probe_in_v2_group(const std::string& name, const Resources& resources,
                              bool privileged) {
  CgroupLayout v2{CgroupMode::v2, probe_cgroups().unified_root, {}};
  auto cgroup = open_container_cgroup(v2, "devtest", name);
  cgroup->create(resources, privileged);
  auto out = run_in_container({}, kProbe, [&](pid_t pid) { cgroup->add_process(pid); }).out;
  while (!cgroup->processes().empty()) ::usleep(10000);
  cgroup->remove();
  return out;
}

TEST_F(DeviceFilter, TheV2DriverFiltersAllButPrivilegedContainers) {
  EXPECT_EQ(probe_in_v2_group("default", {}, false),
            "made-char\nrefused-char\nmade-block\nrefused-block\nopened-null\n");
  Resources with_fuse;
  with_fuse.device_rules = {"c 10:229 rwm"};
  EXPECT_EQ(probe_in_v2_group("fuse", with_fuse, false),
            "made-char\nopened-char\nmade-block\nrefused-block\nopened-null\n");
  EXPECT_EQ(probe_in_v2_group("privileged", {}, true),
            "made-char\nopened-char\nmade-block\nopened-block\nopened-null\n");
}

TEST(DeviceRules, ParseTheDevicesAllowSyntax) {
  auto rule = parse_device_rule("c 136:* rwm");
  EXPECT_EQ(rule.type, 'c');
  EXPECT_EQ(rule.major, 136u);
  EXPECT_FALSE(rule.minor);
  EXPECT_TRUE(rule.read && rule.write && rule.mknod);
  auto all = parse_device_rule("a");
  EXPECT_EQ(all.type, 'a');
  EXPECT_FALSE(all.major);
  EXPECT_TRUE(all.read && all.write && all.mknod);
  for (const char* bad : {"x 1:3 rwm", "c 1 rwm", "c 1:3 rwx", "c a:3 r", "c 1:3"})
    EXPECT_THROW(parse_device_rule(bad), Error) << bad;
}

}  // namespace
}  // namespace berth::runtime
