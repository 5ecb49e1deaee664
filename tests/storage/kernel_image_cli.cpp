#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "storage_fixture.h"
#include "support/run_command.h"

using berth::testing::run_command;

namespace {
class ImageCli : public berth::testing::StorageFixture {};

TEST_F(ImageCli, ImportListInspectTagRemove) {
  auto rootfs = busybox_rootfs();
  auto imported = run_command({BERTH_BINARY, "import", rootfs.string(), "localhost/bb:1",
                               "--change", "CMD [\"sh\"]", "-c", "EXPOSE 80"});
  ASSERT_EQ(imported.status, 0) << imported.err;
  std::string id = imported.out.substr(0, imported.out.find('\n'));
  EXPECT_EQ(id.size(), 71u);

  auto listed = run_command({BERTH_BINARY, "images", "--format", "json"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  auto row = nlohmann::json::parse(listed.out);
  EXPECT_EQ(row["Repository"], "localhost/bb");
  EXPECT_EQ(row["Tag"], "1");
  EXPECT_EQ(row["ID"], id.substr(7, 12));

  ASSERT_EQ(run_command({BERTH_BINARY, "image", "tag", "localhost/bb:1", "localhost/bb:2"}).status,
            0);
  auto inspected = run_command({BERTH_BINARY, "image", "inspect", "localhost/bb:2"});
  ASSERT_EQ(inspected.status, 0) << inspected.err;
  auto info = nlohmann::json::parse(inspected.out)[0];
  EXPECT_EQ(info["Id"], id);
  EXPECT_EQ(info["Config"]["Cmd"], nlohmann::json::array({"sh"}));
  EXPECT_TRUE(info["Config"]["ExposedPorts"].contains("80/tcp"));
  EXPECT_EQ(info["RepoTags"].size(), 2u);

  EXPECT_NE(run_command({BERTH_BINARY, "image", "rm", id}).status, 0) << "two names need -f";
  auto removed = run_command({BERTH_BINARY, "image", "rm", "-f", id});
  ASSERT_EQ(removed.status, 0) << removed.err;
  EXPECT_EQ(run_command({BERTH_BINARY, "images", "-q"}).out, "");
  auto missing = run_command({BERTH_BINARY, "image", "inspect", "localhost/bb:1"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("no such image"), std::string::npos);
}

TEST_F(ImageCli, BadChangeIsReportedWithTheInstruction) {
  auto result = run_command(
      {BERTH_BINARY, "import", busybox_rootfs().string(), "localhost/bb:1", "-c", "RUN make"});
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("RUN"), std::string::npos) << result.err;
}

}  // namespace
