#include <gtest/gtest.h>

#include "engine/container_plan.h"

namespace berth::engine {
namespace {

DesiredService web(int replicas = 1) {
  return {"web", replicas, "hash-1", "sha256:img1", {"shop_default"}, {"shop_data"}};
}

ExistingContainer web_container(int number, bool running = true) {
  return {"shop-web-" + std::to_string(number),
          "web",
          number,
          "hash-1",
          "sha256:img1",
          {"shop_default"},
          {"shop_data"},
          running,
          false};
}

std::vector<std::string> summary(const std::vector<ContainerStep>& steps) {
  std::vector<std::string> lines;
  for (const auto& step : steps)
    lines.push_back(to_string(step.action) + " " + step.service + "-" +
                    std::to_string(step.number));
  return lines;
}

using Lines = std::vector<std::string>;

TEST(ContainerPlan, FreshStackCreatesEveryReplica) {
  auto steps = plan_containers({web(2), {"db", 1, "h", "i", {}, {}}}, {}, {});
  EXPECT_EQ(summary(steps), (Lines{"create web-1", "create web-2", "create db-1"}));
}

TEST(ContainerPlan, UnchangedRunningStackChangesNothing) {
  auto steps = plan_containers({web(2)}, {web_container(1), web_container(2)}, {});
  EXPECT_EQ(summary(steps), (Lines{"keep web-1", "keep web-2"}));
  EXPECT_EQ(steps[0].reason, "running, up to date");
}

TEST(ContainerPlan, StoppedContainerIsStartedUnlessNoStart) {
  EXPECT_EQ(summary(plan_containers({web()}, {web_container(1, false)}, {})),
            (Lines{"start web-1"}));
  PlanOptions no_start;
  no_start.start = false;
  EXPECT_EQ(summary(plan_containers({web()}, {web_container(1, false)}, no_start)),
            (Lines{"keep web-1"}));
}

TEST(ContainerPlan, EachKindOfDivergenceRecreatesWithItsReason) {
  struct Case {
    void (*change)(ExistingContainer&);
    const char* reason;
  } cases[] = {
      {[](ExistingContainer& c) { c.config_hash = "old"; }, "configuration changed"},
      {[](ExistingContainer& c) { c.image_id = "sha256:old"; }, "image changed"},
      {[](ExistingContainer& c) { c.networks = {"shop_back"}; }, "networks changed"},
      {[](ExistingContainer& c) { c.volumes.clear(); }, "volumes changed"},
  };
  for (const auto& test_case : cases) {
    auto container = web_container(1);
    test_case.change(container);
    auto steps = plan_containers({web()}, {container}, {});
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_EQ(steps[0].action, ContainerAction::recreate);
    EXPECT_EQ(steps[0].reason, test_case.reason);
    EXPECT_EQ(steps[0].container, "shop-web-1");
  }
}

TEST(ContainerPlan, RecreatePolicyForcesOrForbids) {
  PlanOptions force;
  force.recreate = RecreatePolicy::always;
  EXPECT_EQ(summary(plan_containers({web()}, {web_container(1)}, force)),
            (Lines{"recreate web-1"}));

  auto changed = web_container(1);
  changed.config_hash = "old";
  PlanOptions never;
  never.recreate = RecreatePolicy::never;
  EXPECT_EQ(summary(plan_containers({web()}, {changed}, never)), (Lines{"keep web-1"}));
}

TEST(ContainerPlan, ScaleUpFillsTheLowestFreeNumbers) {
  auto steps = plan_containers({web(3)}, {web_container(2)}, {});
  EXPECT_EQ(summary(steps), (Lines{"keep web-2", "create web-1", "create web-3"}));
}

TEST(ContainerPlan, ScaleDownRemovesObsoleteFirstThenHighestNumbers) {
  auto obsolete = web_container(1);
  obsolete.config_hash = "old";
  auto steps = plan_containers(
      {web(2)}, {obsolete, web_container(2), web_container(3), web_container(4)}, {});
  EXPECT_EQ(summary(steps), (Lines{"keep web-2", "keep web-3", "remove web-1", "remove web-4"}));
}

TEST(ContainerPlan, OrphansAreReportedOrRemoved) {
  std::vector<ExistingContainer> existing = {web_container(1)};
  existing.push_back({"shop-old-1", "old", 1, "h", "i", {}, {}, true, false});
  EXPECT_EQ(summary(plan_containers({web()}, existing, {})), (Lines{"keep web-1", "orphan old-1"}));
  PlanOptions remove;
  remove.remove_orphans = true;
  EXPECT_EQ(summary(plan_containers({web()}, existing, remove)),
            (Lines{"keep web-1", "remove old-1"}));
}

TEST(ContainerPlan, OneOffContainersAreNeverTouched) {
  auto oneoff = web_container(7);
  oneoff.name = "shop-web-run-abc";
  oneoff.oneoff = true;
  EXPECT_EQ(summary(plan_containers({web()}, {web_container(1), oneoff}, {})),
            (Lines{"keep web-1"}));
  EXPECT_TRUE(plan_containers({}, {oneoff}, {}).empty());
}

TEST(ContainerPlan, ScaleToZeroRemovesAll) {
  auto steps = plan_containers({web(0)}, {web_container(1), web_container(2)}, {});
  EXPECT_EQ(summary(steps), (Lines{"remove web-2", "remove web-1"}));
}

}  // namespace
}  // namespace berth::engine

namespace berth::engine {
namespace {

TEST(ContainerPlan, DependenciesFollowTheirOwnRecreatePolicy) {
  auto dependency = web();
  dependency.dependency = true;
  PlanOptions forced;
  forced.recreate = RecreatePolicy::always;
  EXPECT_EQ(summary(plan_containers({dependency}, {web_container(1)}, forced)),
            (Lines{"keep web-1"}));
  PlanOptions always_deps;
  always_deps.dependency_recreate = RecreatePolicy::always;
  EXPECT_EQ(summary(plan_containers({dependency}, {web_container(1)}, always_deps)),
            (Lines{"recreate web-1"}));
  EXPECT_EQ(summary(plan_containers({web()}, {web_container(1)}, always_deps)),
            (Lines{"keep web-1"}));
}

}  // namespace
}  // namespace berth::engine
