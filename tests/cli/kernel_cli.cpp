#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_command.h"

namespace berth::testing {
namespace {

TEST(Cli, VersionPrintsTheVersion) {
  auto result = run_command({BERTH_BINARY, "version"});
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.out.rfind("berth version ", 0), 0u) << result.out;
}

TEST(Cli, InfoJsonDescribesTheHost) {
  auto result = run_command({BERTH_BINARY, "info", "--format", "json"});
  ASSERT_EQ(result.status, 0) << result.err;
  auto info = nlohmann::json::parse(result.out);
  EXPECT_TRUE(info["namespaces"]["net"]["creatable"].get<bool>());
  EXPECT_TRUE(info["nftables"]["usable"].get<bool>());
  EXPECT_EQ(info["state_root"], std::getenv("BERTH_ROOT"));
  EXPECT_EQ(info["run_dir"], std::getenv("BERTH_RUN"));
  EXPECT_FALSE(info["cgroups"]["controllers"].empty());
}

TEST(Cli, RootFlagOverridesEnvironment) {
  auto result = run_command({BERTH_BINARY, "--root", "/tmp/elsewhere", "info", "--format", "json"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["state_root"], "/tmp/elsewhere");
}

TEST(Cli, BadInputFailsWithOneLineAndNonZeroExit) {
  auto bad_level = run_command({BERTH_BINARY, "--log-level", "loud", "version"});
  EXPECT_NE(bad_level.status, 0);
  EXPECT_NE(bad_level.err.find("unknown log level 'loud'"), std::string::npos) << bad_level.err;

  auto bad_format = run_command({BERTH_BINARY, "info", "--format", "xml"});
  EXPECT_NE(bad_format.status, 0);
  auto unknown = run_command({BERTH_BINARY, "frobnicate"});
  EXPECT_NE(unknown.status, 0);
}

}  // namespace
}  // namespace berth::testing
