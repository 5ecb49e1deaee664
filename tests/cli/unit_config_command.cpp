#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/berth_cli.h"

// `berth config` and `berth graph` as a user runs them: they only read files,
// so they run unprivileged, outside the sandbox.
namespace berth::testing {
namespace {

using ::testing::HasSubstr;

const char* kStack =
    "name: demo\n"
    "services:\n"
    "  web:\n"
    "    image: \"nginx:${BERTH_TEST_TAG:-1.25}\"\n"
    "    ports: [\"127.0.0.1:8080:80\"]\n"
    "    environment: [\"URL=${BERTH_TEST_URL:?set it}\", \"FLAG=${BERTH_TEST_FLAG:+on}\"]\n"
    "    depends_on: {db: {condition: service_healthy}}\n"
    "  db:\n"
    "    image: postgres\n"
    "    profiles: [data]\n";

class ConfigCommand : public ::testing::Test {
 protected:
  ConfigCommand() {
    char pattern[] = "/tmp/berth-config-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    file_ = dir_ / "compose.yaml";
    std::ofstream(file_) << kStack;
    ::setenv("BERTH_TEST_URL", "http://x", 1);
  }
  ~ConfigCommand() override {
    std::filesystem::remove_all(dir_);
    ::unsetenv("BERTH_TEST_URL");
  }

  // Every run passes --profile, which crashed berth before (a dangling vector).
  CommandResult run(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"-f", file_.string(), "--profile", "data"});
    return berth(args);
  }

  std::filesystem::path dir_, file_;
};

TEST_F(ConfigCommand, VariablesListsEveryVariableWithItsDefaults) {
  CommandResult result = run({"config", "--variables"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out,
            "NAME              REQUIRED   DEFAULT VALUE   ALTERNATE VALUE\n"
            "BERTH_TEST_FLAG   false                      on\n"
            "BERTH_TEST_TAG    false      1.25\n"
            "BERTH_TEST_URL    true\n");
}

TEST_F(ConfigCommand, JsonHasComposeShapes) {
  CommandResult result = run({"config", "--format", "json"});
  ASSERT_EQ(result.status, 0) << result.err;
  auto document = nlohmann::json::parse(result.out);
  const auto& web = document["services"]["web"];
  EXPECT_EQ(web["image"], "nginx:1.25");
  EXPECT_EQ(web["ports"][0], nlohmann::json({{"mode", "ingress"},
                                             {"host_ip", "127.0.0.1"},
                                             {"target", 80},
                                             {"published", "8080"},
                                             {"protocol", "tcp"}}));
  EXPECT_EQ(
      web["depends_on"]["db"],
      nlohmann::json({{"condition", "service_healthy"}, {"required", true}, {"restart", false}}));
  EXPECT_EQ(web["environment"]["URL"], "http://x");
  EXPECT_EQ(document["networks"]["default"]["name"], "demo_default");
}

TEST_F(ConfigCommand, ListingFlags) {
  EXPECT_EQ(run({"config", "--services"}).out, "db\nweb\n");
  EXPECT_EQ(run({"config", "--profiles"}).out, "data\n");
  EXPECT_EQ(run({"config", "--images"}).out, "postgres\nnginx:1.25\n");
  EXPECT_EQ(run({"config", "--networks"}).out, "default\n");
  std::string hashes = run({"config", "--hash", "*"}).out;
  EXPECT_THAT(hashes, ::testing::MatchesRegex("db [0-9a-f]{64}\nweb [0-9a-f]{64}\n"));
  EXPECT_EQ(run({"config", "-q"}).out, "");
}

TEST_F(ConfigCommand, UnresolvableRequiredVariableFailsWithItsPlace) {
  ::unsetenv("BERTH_TEST_URL");
  CommandResult result = run({"config", "-q"});
  EXPECT_NE(result.status, 0);
  EXPECT_THAT(result.err, HasSubstr("compose.yaml:6:19: services.web.environment[0]: required "
                                    "variable BERTH_TEST_URL is missing a value: set it"));
}

TEST_F(ConfigCommand, VariablesAsJsonUseComposeFieldNames) {
  CommandResult result = run({"config", "--variables", "--format", "json"});
  ASSERT_EQ(result.status, 0) << result.err;
  auto variables = nlohmann::json::parse(result.out);
  EXPECT_EQ(variables.size(), 3u);
  EXPECT_EQ(variables["BERTH_TEST_TAG"], (nlohmann::json{{"Name", "BERTH_TEST_TAG"},
                                                         {"DefaultValue", "1.25"},
                                                         {"PresenceValue", ""},
                                                         {"Required", false}}));
  EXPECT_EQ(variables["BERTH_TEST_FLAG"]["PresenceValue"], "on");
  EXPECT_EQ(variables["BERTH_TEST_URL"]["Required"], true);
}

TEST_F(ConfigCommand, DashFileReadsTheStackFromStdin) {
  std::string berth_in_dir = "cd " + dir_.string() + " && " + BERTH_BINARY;
  CommandResult read = run_command(
      {"sh", "-c", berth_in_dir + " -f - --profile data config --services < compose.yaml"});
  ASSERT_EQ(read.status, 0) << read.err;
  EXPECT_EQ(read.out, "db\nweb\n");

  std::ofstream(dir_ / "broken.yaml") << "services:\n  web:\n    image: x\n    portz: []\n";
  CommandResult broken = run_command({"sh", "-c", berth_in_dir + " -f - config < broken.yaml"});
  EXPECT_NE(broken.status, 0);
  EXPECT_THAT(broken.err, HasSubstr("-:4:5: services.web.portz"));
}

TEST_F(ConfigCommand, GraphAsDotAndMermaid) {
  CommandResult dot = run({"graph"});
  ASSERT_EQ(dot.status, 0) << dot.err;
  EXPECT_THAT(dot.out, HasSubstr("\"web\" -> \"db\" [label=\"service_healthy\"];"));
  auto mermaid = run({"graph", "--format", "mermaid"}).out;
  EXPECT_THAT(mermaid, HasSubstr("  s0[\"db\"]\n  s1[\"web\"]\n"));
  EXPECT_THAT(mermaid, HasSubstr("  s1 -->|service_healthy| s0\n"));
}

}  // namespace
}  // namespace berth::testing
