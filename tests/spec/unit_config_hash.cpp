#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "project_test_support.h"
#include "spec/json_output.h"
#include "util/error.h"

namespace berth::spec {
namespace {

using ::testing::HasSubstr;
using testing::load_text;
using testing::ScratchDir;

// The hash of service "a", defined by `body` (indented four spaces), beside a service "b".
std::string hash_of(const ScratchDir& dir, const std::string& body, ProjectOptions options = {}) {
  return config_hash(
      load_text(dir, "services:\n  a:\n" + body + "  b: {image: b}\n", options).services.at("a"));
}

TEST(ConfigHash, StableAcrossKeyOrderAndSyntax) {
  ScratchDir dir;
  std::string base = hash_of(dir, "    image: x\n    environment: {A: 1, B: 2}\n");
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(base, hash_of(dir, "    environment: {B: 2, A: 1}\n    image: x\n"));
  EXPECT_EQ(base, hash_of(dir, "    image: x\n    environment: [A=1, B=2]\n"));
  EXPECT_EQ(base, hash_of(dir, "    image: x\n    environment: {A: 1, B: 2}\n    x-note: n\n"));
  EXPECT_NE(base, hash_of(dir, "    image: x\n    environment: {A: 1, B: 3}\n"));
  EXPECT_NE(base, hash_of(dir, "    image: y\n    environment: {A: 1, B: 2}\n"));
}

TEST(ConfigHash, IgnoresEachKeyThatDoesNotShapeTheContainer) {
  ScratchDir dir;
  std::string base = hash_of(dir, "    image: x\n");
  ProjectOptions dev;
  dev.profiles = std::vector<std::string>{"dev"};
  for (const char* ignored :
       {"    build: .\n", "    build: {context: ., args: [A=1]}\n", "    depends_on: [b]\n",
        "    depends_on: {b: {condition: service_healthy}}\n", "    profiles: [dev]\n",
        "    scale: 3\n", "    deploy: {replicas: 2}\n", "    pull_policy: always\n"}) {
    SCOPED_TRACE(ignored);
    EXPECT_EQ(base, hash_of(dir, std::string("    image: x\n") + ignored, dev));
  }
  EXPECT_NE(base, hash_of(dir, "    image: x\n    deploy: {resources: {limits: {pids: 5}}}\n"));
}

TEST(ConfigHash, FollowsTheContentOfEnvFilesNotTheirPaths) {
  ScratchDir dir;
  const char* uses_file = "    image: x\n    env_file: app.env\n";
  dir.write("app.env", "A=1\nB=2\n");
  std::string base = hash_of(dir, uses_file);
  dir.write("app.env", "A=1\nB=3\n");
  EXPECT_NE(base, hash_of(dir, uses_file));
  dir.write("app.env", "# same variables, written differently\nexport B=\"2\"\nA=1\n");
  EXPECT_EQ(base, hash_of(dir, uses_file));
  dir.write("moved/other.env", "A=1\nB=2\n");
  EXPECT_EQ(base, hash_of(dir, "    image: x\n    env_file: [moved/other.env]\n"));
  EXPECT_EQ(base, hash_of(dir, "    image: x\n    environment: {A: 1, B: 2}\n"));
}

TEST(ConfigHash, EnvironmentWinsOverEnvFilesAsInTheContainer) {
  ScratchDir dir;
  dir.write("app.env", "A=from-file\n");
  std::string overridden =
      hash_of(dir, "    image: x\n    env_file: app.env\n    environment: [A=1]\n");
  EXPECT_EQ(overridden, hash_of(dir, "    image: x\n    environment: [A=1]\n"));
  // `A` alone, unset in the shell, leaves the file's value.
  EXPECT_EQ(hash_of(dir, "    image: x\n    env_file: app.env\n    environment: [A]\n"),
            hash_of(dir, "    image: x\n    env_file: app.env\n"));
}

TEST(ConfigHash, FollowsVariablesAnEnvFileInterpolates) {
  ScratchDir dir;
  dir.write("app.env", "URL=\"http://${HOST}\"\n");
  const char* uses_file = "    image: x\n    env_file: app.env\n";
  ProjectOptions one, two;
  one.environment = Environment{{"HOST", "one"}};
  two.environment = Environment{{"HOST", "two"}};
  EXPECT_NE(hash_of(dir, uses_file, one), hash_of(dir, uses_file, two));
}

TEST(ConfigHash, MissingOptionalEnvFileIsEmptyAndMissingRequiredOneFails) {
  ScratchDir dir;
  EXPECT_EQ(hash_of(dir, "    image: x\n"),
            hash_of(dir, "    image: x\n    env_file: [{path: gone.env, required: false}]\n"));
  try {
    hash_of(dir, "    image: x\n    env_file: [ok.env, gone.env]\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("compose.yaml:4:16: services.a.env_file[0]: env file " +
                                    dir.path() + "/ok.env not found"));
  }
}

std::string network_hash_of(const ScratchDir& dir, const std::string& body) {
  auto project =
      load_text(dir, "services:\n  a: {image: x, networks: [n]}\nnetworks:\n  n:\n" + body);
  return config_hash(project.networks.at("n"));
}

TEST(ConfigHash, OfANetworkFollowsWhatShapesIt) {
  ScratchDir dir;
  auto plain = network_hash_of(dir, "    driver: bridge\n");
  EXPECT_EQ(plain, network_hash_of(dir, "    driver: bridge\n    enable_ipv6: false\n"));
  EXPECT_EQ(plain, network_hash_of(dir, "    driver: bridge\n    labels: {team: a}\n"));
  EXPECT_NE(plain, network_hash_of(dir, "    driver: bridge\n    enable_ipv6: true\n"));
  EXPECT_NE(plain, network_hash_of(dir, "    driver: bridge\n    internal: true\n"));
  EXPECT_NE(plain, network_hash_of(dir, "    ipam: {config: [{subnet: 10.9.0.0/24}]}\n"));
}

}  // namespace
}  // namespace berth::spec
