#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "project_test_support.h"
#include "spec/graph.h"
#include "util/error.h"

namespace berth::spec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::load_text;
using testing::ScratchDir;

const char* kStack =
    "services:\n"
    "  web: {image: w, depends_on: {api: {condition: service_healthy}, cache: {condition: "
    "service_started}}}\n"
    "  api: {image: a, depends_on: [db, cache]}\n"
    "  db: {image: d}\n"
    "  cache: {image: c}\n"
    "  sidecar: {image: s, network_mode: \"service:api\"}\n";

TEST(Graph, TopologicalOrderAndParallelLevels) {
  ScratchDir dir;
  DependencyGraph graph(load_text(dir, kStack));
  EXPECT_THAT(graph.start_order(), ElementsAre("cache", "db", "api", "sidecar", "web"));
  ASSERT_EQ(graph.levels().size(), 3u);
  EXPECT_THAT(graph.levels()[0], ElementsAre("cache", "db"));
  EXPECT_THAT(graph.levels()[1], ElementsAre("api"));
  EXPECT_THAT(graph.levels()[2], ElementsAre("sidecar", "web"));
}

TEST(Graph, UsingAnotherServicesNetworkIsADependencyOnIt) {
  ScratchDir dir;
  auto project = load_text(dir, kStack);
  const auto& dependencies = project.services.at("sidecar").depends_on;
  ASSERT_EQ(dependencies.count("api"), 1u);
  EXPECT_EQ(dependencies.at("api").condition, "service_started");
  EXPECT_TRUE(dependencies.at("api").required);
}

TEST(Graph, DotAndMermaidLabelEdgesWithConditions) {
  ScratchDir dir;
  DependencyGraph graph(load_text(dir, kStack));
  EXPECT_THAT(graph.to_dot("p"), HasSubstr("\"web\" -> \"api\" [label=\"service_healthy\"];"));
  // services() is sorted: api s0, cache s1, db s2, sidecar s3, web s4.
  EXPECT_THAT(graph.to_mermaid(), HasSubstr("  s4[\"web\"]\n"));
  EXPECT_THAT(graph.to_mermaid(), HasSubstr("  s4 -->|service_healthy| s0\n"));
}

TEST(Graph, MermaidNodesAreIdsSoKeywordNamesStayNodes) {
  Project project;
  for (const char* name : {"end", "odb"}) project.services[name].name = name;
  project.services["end"].depends_on["odb"];
  auto mermaid = DependencyGraph(project).to_mermaid();
  EXPECT_EQ(mermaid, "graph LR\n  s0[\"end\"]\n  s1[\"odb\"]\n  s0 -->|service_started| s1\n");
}

TEST(Graph, CycleErrorNamesTheCycle) {
  Project project;
  for (const char* name : {"a", "b", "c"}) project.services[name].name = name;
  project.services["a"].depends_on["b"];
  project.services["b"].depends_on["a"];
  try {
    DependencyGraph graph(project);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "dependency cycle: a -> b -> a");
  }
}

}  // namespace
}  // namespace berth::spec
