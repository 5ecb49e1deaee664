#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/statfs.h>

#include <algorithm>

#include "engine/host_info.h"

namespace berth::engine {
namespace {

// Decides the cgroup mode from the filesystem types, independently of the probe.
runtime::CgroupMode mode_from_statfs() {
  struct statfs fs {};
  if (::statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC)
    return runtime::CgroupMode::v2;
  struct statfs unified {};
  if (::statfs("/sys/fs/cgroup/unified", &unified) == 0 && unified.f_type == CGROUP2_SUPER_MAGIC)
    return runtime::CgroupMode::hybrid;
  return runtime::CgroupMode::v1;
}

TEST(HostInfo, ReportsWhatThisHostReallyOffers) {
  auto info = collect_host_info(Locations::resolve(std::nullopt));
  EXPECT_FALSE(info.kernel_release.empty());
  ASSERT_EQ(info.namespaces.size(), 8u);
  for (const auto& ns : info.namespaces) {
    if (ns.type == "user" || ns.type == "time") continue;  // may be disabled by policy
    EXPECT_TRUE(ns.creatable) << ns.type << ": " << ns.error;
  }
  EXPECT_EQ(info.cgroups.mode, mode_from_statfs());
  std::vector<std::string> controllers;
  for (const auto& c : info.cgroups.controllers) controllers.push_back(c.name);
  for (const char* required : {"memory", "cpu", "pids"})
    EXPECT_NE(std::find(controllers.begin(), controllers.end(), required), controllers.end())
        << required;
  EXPECT_TRUE(info.overlay);
  EXPECT_TRUE(info.nftables.usable) << info.nftables.error;
  EXPECT_EQ(info.locations.state_root, std::getenv("BERTH_ROOT"));
}

}  // namespace
}  // namespace berth::engine
