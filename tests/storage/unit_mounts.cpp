#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "storage/bind_source.h"
#include "storage/mount_entry.h"
#include "util/error.h"

namespace fs = std::filesystem;
using namespace berth::storage;

TEST(MountEntry, TmpfsDataCarriesSizeAndOctalMode) {
  MountEntry entry{MountType::tmpfs, "", "/run", false, "rprivate", 64u << 20, 01777};
  EXPECT_EQ(entry.tmpfs_data(), "size=67108864,mode=1777");
  entry.tmpfs_mode.reset();
  EXPECT_EQ(entry.tmpfs_data(), "size=67108864");
  EXPECT_EQ(to_string(MountType::volume), "volume");
}

TEST(MountEntry, ParsesDockerByteSizes) {
  EXPECT_EQ(parse_byte_size("1024"), 1024u);
  EXPECT_EQ(parse_byte_size("64m"), 64u << 20);
  EXPECT_EQ(parse_byte_size("1G"), 1u << 30);
  EXPECT_EQ(parse_byte_size("512kb"), 512u << 10);
  EXPECT_THROW(parse_byte_size("lots"), berth::Error);
  EXPECT_THROW(parse_byte_size("5x"), berth::Error);
}

namespace {
class BindSource : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("berth-bind-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "project" / "data");
    fs::create_directories(dir_ / "home");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(BindSource, RelativeToProjectDir) {
  EXPECT_EQ(resolve_bind_source("./data", dir_ / "project", false), dir_ / "project" / "data");
  EXPECT_EQ(resolve_bind_source("data/../data", dir_ / "project", false),
            dir_ / "project" / "data");
}

TEST_F(BindSource, TildeExpandsFromHome) {
  std::string old_home = std::getenv("HOME") ? std::getenv("HOME") : "";
  ::setenv("HOME", (dir_ / "home").c_str(), 1);
  EXPECT_EQ(resolve_bind_source("~", dir_, false), dir_ / "home");
  EXPECT_EQ(resolve_bind_source("~/cfg", dir_, true), dir_ / "home" / "cfg");
  ::setenv("HOME", old_home.c_str(), 1);
}

TEST_F(BindSource, MissingSourceCreatedOnlyWhenAsked) {
  EXPECT_THROW(resolve_bind_source("absent", dir_ / "project", false), berth::Error);
  EXPECT_FALSE(fs::exists(dir_ / "project" / "absent"));
  EXPECT_EQ(resolve_bind_source("absent", dir_ / "project", true), dir_ / "project" / "absent");
  EXPECT_TRUE(fs::is_directory(dir_ / "project" / "absent"));
}

TEST_F(BindSource, SymlinkSourceIsResolvedOnTheHost) {
  fs::create_symlink(dir_ / "project" / "data", dir_ / "project" / "link");
  EXPECT_EQ(resolve_bind_source("link", dir_ / "project", false), dir_ / "project" / "data");
}

}  // namespace
