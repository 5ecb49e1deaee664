#include <gtest/gtest.h>

#include <filesystem>

#include "container_runner.h"
#include "runtime/cgroup_driver.h"

namespace berth::runtime {
namespace {

using testing::run_in_container;

std::unique_ptr<ContainerCgroup> make_cgroup(const Resources& resources, const std::string& name) {
  auto cgroup = open_container_cgroup(probe_cgroups(), "cgtest", name);
  cgroup->create(resources, false);
  return cgroup;
}

TEST(Cgroups, ForkBombStopsAtPidsLimit) {
  Resources resources;
  resources.pids_limit = 16;
  auto cgroup = make_cgroup(resources, "forkbomb");
  auto result =
      run_in_container({},
                       // The subshell forks until the kernel refuses (and then exits); the count
                       // uses shell builtins only, since no process can be added any more.
                       "(while true; do sleep 30 & done) 2>/dev/null;"
                       "set -- /proc/[0-9]*; echo $#",
                       [&](pid_t pid) { cgroup->add_process(pid); });
  int processes = std::stoi(result.out);
  EXPECT_LE(processes, 16) << result.out;
  EXPECT_GE(processes, 15) << result.out;
  // PID 1's exit took the sleepers of its namespace with it.
  while (!cgroup->processes().empty()) ::usleep(10000);
  cgroup->remove();
}

TEST(Cgroups, MemoryHogIsOomKilledAndReported) {
  Resources resources;
  resources.memory = 32 << 20;
  resources.memory_swap = 32 << 20;
  auto cgroup = make_cgroup(resources, "memhog");
  EXPECT_EQ(cgroup->usage().memory_limit, 32u << 20);
  auto result = run_in_container({}, "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo survived",
                                 [&](pid_t pid) { cgroup->add_process(pid); });
  EXPECT_EQ(result.status, 128 + SIGKILL) << result.out;
  EXPECT_GE(cgroup->oom_kills(), 1u);
  cgroup->remove();
}

TEST(Cgroups, DeviceRulesLetTheContainerOpenItsDevices) {
  if (!std::filesystem::exists("/sys/fs/cgroup/devices") || !std::filesystem::exists("/dev/fuse"))
    GTEST_SKIP() << "needs the v1 devices controller and /dev/fuse";
  ContainerSpec spec;
  spec.devices = {{"/dev/fuse", 'c', 10, 229, 0666}};
  const char* script = "(exec 3<>/dev/fuse) 2>/dev/null && echo opened || echo refused";

  auto refused_group = make_cgroup({}, "nodevice");
  auto refused =
      run_in_container(spec, script, [&](pid_t pid) { refused_group->add_process(pid); });
  EXPECT_EQ(refused.out, "refused\n");
  refused_group->remove();

  Resources resources;
  resources.device_rules = {"c 10:229 rwm"};
  auto allowed_group = make_cgroup(resources, "device");
  auto allowed =
      run_in_container(spec, script, [&](pid_t pid) { allowed_group->add_process(pid); });
  EXPECT_EQ(allowed.out, "opened\n");
  allowed_group->remove();
}

TEST(Cgroups, AProjectGroupAnotherSupervisorJustMadeIsFilledBeforeUse) {
  // Supervisors create their leaves at the same moment and race to make the
  // project's group: one may find it made but not yet given CPUs, and a v1
  // cpuset group without CPUs refuses every process (ENOSPC).
  auto layout = probe_cgroups();
  std::filesystem::path cpuset;
  for (const auto& controller : layout.controllers)
    if (controller.name == "cpuset" && layout.mode != CgroupMode::v2) cpuset = controller.hierarchy;
  if (cpuset.empty()) GTEST_SKIP() << "needs the v1 cpuset controller";
  auto project = cpuset / cgroup_parent_name() / "cgjustmade";
  std::filesystem::create_directories(project);  // as the other supervisor left it: empty

  auto group = open_container_cgroup(layout, "cgjustmade", "c");
  group->create({}, false);
  auto result = run_in_container({}, "true", [&](pid_t pid) { group->add_process(pid); });
  EXPECT_EQ(result.status, 0);
  group->remove();
  std::filesystem::remove(project);
}

TEST(Cgroups, UsageIsCounted) {
  auto cgroup = make_cgroup({}, "usage");
  auto result = run_in_container({}, "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done",
                                 [&](pid_t pid) { cgroup->add_process(pid); });
  EXPECT_EQ(result.status, 0);
  EXPECT_GT(cgroup->usage().cpu_ns, 1000000u);
  EXPECT_EQ(cgroup->oom_kills(), 0u);
  cgroup->remove();
}

}  // namespace
}  // namespace berth::runtime
