// The v2 driver's files, on a directory tree laid out as a pure-v2 host's
// cgroup2 mount offers them (this machine's cgroup2 has no controllers to
// write limits to: its v1 hierarchies hold them all).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/cgroup_driver.h"

namespace berth::runtime {
namespace {

namespace fs = std::filesystem;

class CgroupV2Files : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/berth-cgroup2-XXXXXX";
    root_ = ::mkdtemp(pattern);
    project_ = root_ / cgroup_parent_name() / "shop";
    fs::create_directories(project_);
    offer(root_, "cpuset cpu io memory pids");
    offer(project_, "cpu memory pids");
  }
  void TearDown() override { fs::remove_all(root_); }

  static void offer(const fs::path& group, const std::string& controllers) {
    std::ofstream(group / "cgroup.controllers") << controllers << "\n";
    std::ofstream(group / "cgroup.subtree_control");
  }
  static std::string read(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::unique_ptr<ContainerCgroup> container_group() {
    return open_container_cgroup({CgroupMode::v2, root_, {}}, "shop", "web");
  }

  fs::path root_, project_;
};

TEST_F(CgroupV2Files, LimitsAreWrittenInV2Terms) {
  auto leaf = project_ / "web";
  fs::create_directories(leaf);
  for (const char* file : {"memory.max", "memory.swap.max", "memory.low", "cpu.max", "cpu.weight",
                           "cpuset.cpus", "pids.max"})
    std::ofstream(leaf / file);
  Resources resources;
  resources.memory = 64 << 20;
  resources.memory_swap = 96 << 20;  // memory+swap, as compose says it
  resources.memory_reservation = 32 << 20;
  resources.cpus = 1.5;
  resources.cpu_shares = 512;
  resources.cpuset = "0";
  resources.pids_limit = 50;
  container_group()->create(resources, true);
  EXPECT_EQ(read(leaf / "memory.max"), "67108864");
  EXPECT_EQ(read(leaf / "memory.swap.max"), "33554432");  // swap alone
  EXPECT_EQ(read(leaf / "memory.low"), "33554432");
  EXPECT_EQ(read(leaf / "cpu.max"), "150000 100000");
  EXPECT_EQ(read(leaf / "cpu.weight"), "20");  // docker's mapping of 512 shares
  EXPECT_EQ(read(leaf / "cpuset.cpus"), "0");
  EXPECT_EQ(read(leaf / "pids.max"), "50");
}

TEST_F(CgroupV2Files, WithoutMemswapSwapEqualsMemoryAsDockersDefault) {
  auto leaf = project_ / "web";
  fs::create_directories(leaf);
  for (const char* file : {"memory.max", "memory.swap.max"}) std::ofstream(leaf / file);
  Resources resources;
  resources.memory = 64 << 20;
  container_group()->create(resources, true);
  EXPECT_EQ(read(leaf / "memory.swap.max"), "67108864");
}

TEST_F(CgroupV2Files, TheParentHandsItsControllersDownToTheContainersGroup) {
  container_group()->create({}, true);
  EXPECT_TRUE(fs::is_directory(project_ / "web"));
  EXPECT_EQ(read(project_ / "cgroup.subtree_control"), "+cpu +memory +pids ");
}

}  // namespace
}  // namespace berth::runtime
