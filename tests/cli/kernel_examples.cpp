// The examples in examples/ work as their READMEs say, run by the real binary
// inside the sandbox with the image their build-image script would make.
#include <gtest/gtest.h>

#include <filesystem>

#include "runtime/busybox_rootfs.h"
#include "support/berth_cli.h"
#include "support/http_get.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

class Examples : public ::testing::Test {
 protected:
  void SetUp() override {
    auto rootfs = runtime::testing::make_busybox_rootfs();
    auto imported = berth({"import", rootfs, "localhost/quickstart/busybox:1", "--change",
                           "ENV PATH=/bin", "--change", "CMD [\"sh\"]"});
    ASSERT_EQ(imported.status, 0) << imported.err;
  }

  static std::string stack(const std::string& example) {
    return (fs::path(BERTH_TEST_FIXTURES).parent_path().parent_path() / "examples" / example /
            "compose.yaml")
        .string();
  }
};

TEST_F(Examples, QuickstartAnswersThroughAllThreeServicesByName) {
  auto up = berth({"up", "-f", stack("quickstart"), "-d", "--wait"});
  ASSERT_EQ(up.status, 0) << up.err;
  EXPECT_EQ(http_get_when_listening("127.0.0.1", 8080, "/cgi-bin/greeting"),
            "api: hello from the data service\n");
  EXPECT_NE(http_get("127.0.0.1", 8080, "/").value_or("").find("berth quickstart"),
            std::string::npos);
  ASSERT_EQ(berth({"down", "-f", stack("quickstart"), "-v"}).status, 0);
  EXPECT_EQ(http_get("127.0.0.1", 8080, "/"), std::nullopt);
}

TEST_F(Examples, CiFixtureStartsTheAppOnlyAfterTheMigrationSucceeded) {
  auto up = berth({"up", "-f", stack("ci-fixture"), "-d", "--wait"});
  ASSERT_EQ(up.status, 0) << up.err;
  EXPECT_EQ(http_get_when_listening("127.0.0.1", 8081, "/cgi-bin/status"), "schema v1\n");
  auto listed = berth({"ps", "-f", stack("ci-fixture"), "-a", "--format", "json"});
  EXPECT_NE(listed.out.find("\"Service\":\"migrate\""), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\"ExitCode\":0"), std::string::npos) << listed.out;
  ASSERT_EQ(berth({"down", "-f", stack("ci-fixture"), "-v"}).status, 0);
}

}  // namespace
}  // namespace berth::testing
