#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "project_test_support.h"
#include "util/error.h"

namespace berth::spec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::load_text;
using testing::ScratchDir;

const char* kProfiles =
    "services:\n"
    "  app: {image: a}\n"
    "  debug: {image: d, profiles: [dev]}\n"
    "  tools: {image: t, profiles: [ops, dev]}\n";

std::vector<std::string> names(const Project& project) {
  std::vector<std::string> result;
  for (const auto& [name, service] : project.services) result.push_back(name);
  return result;
}

TEST(Project, ProfilesFromFlagsEnvironmentAndNamedServices) {
  ScratchDir dir;
  EXPECT_THAT(names(load_text(dir, kProfiles)), ElementsAre("app"));
  ProjectOptions options;
  options.profiles = std::vector<std::string>{"ops"};
  EXPECT_THAT(names(load_text(dir, kProfiles, options)), ElementsAre("app", "tools"));
  options = {};
  options.environment = Environment{{"COMPOSE_PROFILES", "dev"}};
  EXPECT_THAT(names(load_text(dir, kProfiles, options)), ElementsAre("app", "debug", "tools"));
  options = {};
  options.services = {"debug"};
  EXPECT_THAT(names(load_text(dir, kProfiles, options)), ElementsAre("app", "debug"));
}

TEST(Project, NameRules) {
  ScratchDir dir;
  ProjectOptions options;
  options.environment = Environment{{"COMPOSE_PROJECT_NAME", "From_Env"}};
  EXPECT_EQ(load_text(dir, "name: fromfile\nservices: {}\n", options).name, "from_env");
  EXPECT_EQ(load_text(dir, "name: My.App\nservices: {}\n").name, "myapp");
  options = {};
  options.project_name = "cli-name";
  EXPECT_EQ(load_text(dir, "name: fromfile\nservices: {}\n", options).name, "cli-name");
  options.project_name = "Bad Name";
  EXPECT_THROW(load_text(dir, "services: {}\n", options), Error);
  EXPECT_EQ(normalize_project_name("-_Hello World_"), "helloworld_");
  EXPECT_FALSE(is_valid_project_name("_x"));
}

TEST(Project, DiscoversComposeFileAndOverrideFromProjectDirectory) {
  ScratchDir dir;
  dir.write("docker-compose.yml", "services:\n  a: {image: one}\n");
  dir.write("docker-compose.override.yml", "services:\n  a: {image: two}\n");
  ProjectOptions options;
  options.project_directory = dir.path();
  options.environment = Environment{};
  Project project = load_project(options);
  EXPECT_EQ(project.services.at("a").image, "two");
  EXPECT_EQ(project.files.size(), 2u);
}

TEST(Project, ComposeFileVariableWithPathSeparator) {
  ScratchDir dir;
  dir.write("one.yaml", "services:\n  a: {image: one}\n");
  dir.write("two.yaml", "services:\n  a: {image: two}\n");
  ProjectOptions options;
  options.project_directory = dir.path();
  options.environment =
      Environment{{"COMPOSE_FILE", "one.yaml;two.yaml"}, {"COMPOSE_PATH_SEPARATOR", ";"}};
  EXPECT_EQ(load_project(options).services.at("a").image, "two");
}

TEST(Project, ShellEnvironmentWinsOverDotenvAndEnvFiles) {
  ScratchDir dir;
  dir.write(".env", "TAG=dotenv\nOTHER=dotenv\n");
  std::string extra = dir.write("extra.env", "TAG=extra\n");
  ProjectOptions options;
  options.environment = Environment{{"OTHER", "shell"}};
  Project project = load_text(dir, "services:\n  a: {image: \"x:${TAG}-${OTHER}\"}\n", options);
  EXPECT_EQ(project.services.at("a").image, "x:dotenv-shell");
  options.env_files = {extra};
  project = load_text(dir, "services:\n  a: {image: \"x:${TAG}-${OTHER}\"}\n", options);
  EXPECT_EQ(project.services.at("a").image, "x:extra-shell");
}

TEST(Project, UnsupportedKeysWarnAndStrictModeFails) {
  ScratchDir dir;
  const char* text = "services:\n  a:\n    image: x\n    logging: {driver: json-file}\n";
  Project project = load_text(dir, text);
  ASSERT_EQ(project.warnings.size(), 1u);
  EXPECT_THAT(
      project.warnings[0],
      HasSubstr("compose.yaml:4:5: services.a.logging: \"logging\" is not supported by berth yet"));
  EXPECT_EQ(project.services.at("a").unsupported.at("logging").at("driver"), "json-file");
  ProjectOptions strict;
  strict.strict = true;
  EXPECT_THROW(load_text(dir, text, strict), Error);
}

// Fuzzer finding: std::stod threw on a float beyond a double's range.
TEST(Project, UnsupportedKeysKeepFloatsBeyondDoubleRangeAsText) {
  ScratchDir dir;
  Project project = load_text(
      dir, "services:\n  a:\n    image: x\n    logging: {options: {a: 1.5, b: 1.0e999}}\n");
  const auto& options = project.services.at("a").unsupported.at("logging").at("options");
  EXPECT_EQ(options.at("a"), 1.5);
  EXPECT_EQ(options.at("b"), "1.0e999");
}

TEST(Project, UnsetVariablesWarnOnce) {
  ScratchDir dir;
  Project project = load_text(dir, "services:\n  a: {image: \"x${NOPE}\", command: \"$NOPE\"}\n");
  EXPECT_THAT(project.warnings, ElementsAre(HasSubstr("\"NOPE\" variable is not set")));
}

TEST(Project, OptionalDependencyOnMissingServiceIsDroppedWithWarning) {
  ScratchDir dir;
  Project project = load_text(dir,
                              "services:\n  a:\n    image: x\n    depends_on:\n"
                              "      gone: {condition: service_started, required: false}\n");
  EXPECT_TRUE(project.services.at("a").depends_on.empty());
  EXPECT_EQ(project.warnings.size(), 1u);
}

TEST(Project, DependencyOnServiceOfInactiveProfileFails) {
  ScratchDir dir;
  try {
    load_text(dir, "services:\n  a: {image: x, depends_on: [b]}\n  b: {image: y, profiles: [p]}\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("service \"b\" is not enabled by the active profiles"));
  }
}

TEST(Project, ExternalAndNamedResources) {
  ScratchDir dir;
  Project project = load_text(dir,
                              "name: p\nservices:\n  a: {image: x, networks: [ext, own]}\n"
                              "networks:\n  ext: {external: true}\n  own: {name: custom}\n"
                              "volumes:\n  v: {}\n  w: {external: true, name: shared}\n");
  EXPECT_EQ(project.networks.at("ext").name, "ext");
  EXPECT_TRUE(project.networks.at("ext").external);
  EXPECT_EQ(project.networks.at("own").name, "custom");
  EXPECT_FALSE(project.networks.count("default"));
  EXPECT_EQ(project.volumes.at("v").name, "p_v");
  EXPECT_EQ(project.volumes.at("w").name, "shared");
}

TEST(Project, OnlyNetworkModesOfTheirOwnNamespaceGetTheDefaultNetwork) {
  ScratchDir dir;
  auto with_mode = [&](const std::string& mode) {
    return load_text(dir, "name: p\nservices:\n  a: {image: x, network_mode: " + mode +
                              "}\n  b: {image: x, network_mode: none}\n");
  };
  EXPECT_TRUE(with_mode("bridge").networks.count("default"));
  EXPECT_FALSE(with_mode("host").networks.count("default"));
  EXPECT_FALSE(with_mode("\"service:b\"").networks.count("default"));
}

TEST(Project, MissingFileIsAClearError) {
  ProjectOptions options;
  options.files = {"/nonexistent/compose.yaml"};
  options.environment = Environment{};
  EXPECT_THROW(load_project(options), Error);
}

}  // namespace
}  // namespace berth::spec
