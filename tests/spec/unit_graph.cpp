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

TEST(Graph, DotAndMermaidLabelEdgesWithConditions) {
  ScratchDir dir;
  DependencyGraph graph(load_text(dir, kStack));
  EXPECT_THAT(graph.to_dot("p"), HasSubstr("\"web\" -> \"api\" [label=\"service_healthy\"];"));
  EXPECT_THAT(graph.to_mermaid(), HasSubstr("web -->|service_healthy| api"));
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
