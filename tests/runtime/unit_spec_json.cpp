#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "runtime/spec_json.h"

namespace berth::runtime {
namespace {

// The host's cgroup layout travels to the supervisor in the spec file, so that
// it need not read the host's mount table; a spec without one reads back so.
TEST(SpecJson, CarriesTheHostsCgroupLayoutWhenGiven) {
  auto path = std::filesystem::temp_directory_path() /
              ("berth-spec-json-" + std::to_string(::getpid()) + ".json");
  ContainerSpec spec;
  spec.name = "app";
  write_spec_file(path, spec);
  EXPECT_FALSE(read_spec_file(path).host_cgroups.has_value());

  spec.host_cgroups =
      CgroupLayout{CgroupMode::hybrid,
                   "/sys/fs/cgroup/unified",
                   {{"memory", "/sys/fs/cgroup/memory"}, {"cpu", "/sys/fs/cgroup/cpu,cpuacct"}}};
  write_spec_file(path, spec);
  auto read = read_spec_file(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(read.host_cgroups.has_value());
  EXPECT_EQ(read.host_cgroups->mode, CgroupMode::hybrid);
  EXPECT_EQ(read.host_cgroups->unified_root, "/sys/fs/cgroup/unified");
  ASSERT_EQ(read.host_cgroups->controllers.size(), 2u);
  EXPECT_EQ(read.host_cgroups->controllers[1].name, "cpu");
  EXPECT_EQ(read.host_cgroups->controllers[1].hierarchy, "/sys/fs/cgroup/cpu,cpuacct");
}

}  // namespace
}  // namespace berth::runtime
