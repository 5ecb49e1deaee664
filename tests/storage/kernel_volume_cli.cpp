#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "storage_fixture.h"
#include "support/run_command.h"

using berth::testing::run_command;

namespace {
class VolumeCli : public berth::testing::StorageFixture {};

TEST_F(VolumeCli, CreateListInspectRemovePrune) {
  auto created = run_command(
      {BERTH_BINARY, "volume", "create", "-l", "team=a", "--label", "tier=db", "data_a"});
  ASSERT_EQ(created.status, 0) << created.err;
  EXPECT_EQ(created.out, "data_a\n");
  ASSERT_EQ(run_command({BERTH_BINARY, "volume", "create", "-l", "team=b", "data_b"}).status, 0);
  ASSERT_EQ(run_command({BERTH_BINARY, "volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs",
                         "-o", "o=size=1m", "scratch"})
                .status,
            0);

  EXPECT_EQ(run_command({BERTH_BINARY, "volume", "ls", "-q"}).out, "data_a\ndata_b\nscratch\n");
  EXPECT_EQ(run_command({BERTH_BINARY, "volume", "ls", "-q", "--filter", "label=team=a"}).out,
            "data_a\n");
  auto table = run_command({BERTH_BINARY, "volume", "ls"});
  EXPECT_NE(table.out.find("DRIVER"), std::string::npos);
  EXPECT_NE(table.out.find("local      data_b"), std::string::npos) << table.out;
  EXPECT_NE(run_command({BERTH_BINARY, "volume", "ls", "--filter", "driver=local"}).status, 0);

  auto inspected = run_command({BERTH_BINARY, "volume", "inspect", "data_a", "scratch"});
  ASSERT_EQ(inspected.status, 0) << inspected.err;
  auto info = nlohmann::json::parse(inspected.out);
  ASSERT_EQ(info.size(), 2u);
  EXPECT_EQ(info[0]["Labels"]["tier"], "db");
  EXPECT_TRUE(std::filesystem::is_directory(info[0]["Mountpoint"].get<std::string>()));
  EXPECT_EQ(info[1]["Options"]["type"], "tmpfs");

  auto removed = run_command({BERTH_BINARY, "volume", "rm", "data_a"});
  ASSERT_EQ(removed.status, 0) << removed.err;
  EXPECT_FALSE(std::filesystem::exists(info[0]["Mountpoint"].get<std::string>()));
  auto missing = run_command({BERTH_BINARY, "volume", "rm", "data_a"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("no such volume"), std::string::npos) << missing.err;

  auto pruned = run_command({BERTH_BINARY, "volume", "prune", "-f", "--filter", "label=team=b"});
  ASSERT_EQ(pruned.status, 0) << pruned.err;
  EXPECT_EQ(pruned.out, "Deleted: data_b\n");
  EXPECT_EQ(run_command({BERTH_BINARY, "volume", "ls", "-q"}).out, "scratch\n");
}

}  // namespace
