#include <gtest/gtest.h>

#include <fstream>

#include "runtime/cgroup_probe.h"

namespace berth::runtime {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(BERTH_TEST_FIXTURES) / "runtime";

std::vector<std::string> names(const CgroupLayout& layout) {
  std::vector<std::string> result;
  for (const auto& controller : layout.controllers) result.push_back(controller.name);
  return result;
}

TEST(CgroupProbe, HybridLayoutListsV1Controllers) {
  auto layout = probe_cgroups(kFixtures / "mountinfo-hybrid");
  EXPECT_EQ(layout.mode, CgroupMode::hybrid);
  EXPECT_EQ(layout.unified_root, "/sys/fs/cgroup/unified");
  auto found = names(layout);
  for (const char* expected : {"cpu", "cpuacct", "memory", "pids"})
    EXPECT_NE(std::find(found.begin(), found.end(), expected), found.end()) << expected;
  // name=systemd is a named hierarchy, not a controller.
  EXPECT_EQ(std::find(found.begin(), found.end(), "name=systemd"), found.end());
  EXPECT_EQ(layout.controllers[0].hierarchy, "/sys/fs/cgroup/cpu,cpuacct");
}

TEST(CgroupProbe, PureV1HasNoUnifiedRoot) {
  auto layout = probe_cgroups(kFixtures / "mountinfo-v1");
  EXPECT_EQ(layout.mode, CgroupMode::v1);
  EXPECT_TRUE(layout.unified_root.empty());
  EXPECT_EQ(names(layout), (std::vector<std::string>{"memory", "freezer"}));
}

TEST(CgroupProbe, PureV2ReadsControllersFromTheRoot) {
  char name[] = "/tmp/berth-cg.XXXXXX";
  ASSERT_NE(::mkdtemp(name), nullptr);
  std::filesystem::path dir = name;
  {
    std::ofstream out(dir / "mountinfo");
    out << "30 1 254:0 / / rw shared:1 - ext4 /dev/vda rw\n"
        << "36 24 0:31 / " << (kFixtures / "cgroup2-root").string()
        << " rw,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate\n";
  }
  auto layout = probe_cgroups(dir / "mountinfo");
  std::filesystem::remove_all(dir);
  EXPECT_EQ(layout.mode, CgroupMode::v2);
  EXPECT_EQ(names(layout), (std::vector<std::string>{"cpuset", "cpu", "io", "memory", "hugetlb",
                                                     "pids", "rdma", "misc"}));
}

}  // namespace
}  // namespace berth::runtime
