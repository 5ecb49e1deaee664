#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include "storage/layer_unpacker.h"
#include "storage/sha256.h"
#include "support/file_text.h"
#include "tar_builder.h"
#include "util/error.h"

namespace fs = std::filesystem;
using berth::storage::unpack_layer;
using berth::testing::TarBuilder;
using berth::testing::TarOptions;

namespace {

using berth::testing::read_file;
std::string xattr(const fs::path& path, const char* name) {
  char value[256];
  ssize_t n = ::lgetxattr(path.c_str(), name, value, sizeof value);
  return n < 0 ? "" : std::string(value, static_cast<size_t>(n));
}

class LayerUnpack : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* sandbox = std::getenv("BERTH_SANDBOX");
    if (!sandbox) GTEST_SKIP() << "runs inside berth-sandbox";
    base_ = fs::path(sandbox) / "unpack";
    fs::create_directories(base_ / "outside");
    fs::create_directories(base_ / "layer");
    std::ofstream(base_ / "outside" / "sentinel") << "original";
  }
  void TearDown() override { fs::remove_all(base_); }

  std::set<std::string> everything_outside_layer() const {
    std::set<std::string> paths;
    for (auto it = fs::recursive_directory_iterator(base_); it != fs::end(it); ++it) {
      if (it->path().filename() == "layer") it.disable_recursion_pending();
      paths.insert(fs::relative(it->path(), base_).string());
    }
    return paths;
  }

  // Unpacks a hostile layer; failing is allowed, writing outside is not.
  void expect_contained(const std::function<void(TarBuilder&)>& build) {
    auto before = everything_outside_layer();
    {
      TarBuilder tar(base_ / "evil.tar");
      build(tar);
    }
    try {
      unpack_layer(base_ / "evil.tar", base_ / "layer");
    } catch (const berth::Error&) {
    }
    fs::remove(base_ / "evil.tar");
    EXPECT_EQ(everything_outside_layer(), before);
    EXPECT_EQ(read_file(base_ / "outside" / "sentinel"), "original");
  }

  fs::path base_;
};

TEST_F(LayerUnpack, KeepsOwnershipModesSetuidXattrsAndTimestamps) {
  {
    TarBuilder tar(base_ / "l.tar");
    tar.dir("bin", TarOptions().mode(0750).owner(7, 8).modified(1111));
    tar.file(
        "bin/tool", "#!",
        TarOptions().mode(04755).owner(1000, 1001).modified(2222).xattr("trusted.berth", "kept"));
    tar.symlink("bin/alias", "tool");
    tar.hardlink("bin/twin", "bin/tool");
    tar.device("null", AE_IFCHR, 1, 3);
    tar.device("pipe", AE_IFIFO, 0, 0);
  }
  unpack_layer(base_ / "l.tar", base_ / "layer");
  auto root = base_ / "layer";
  struct stat st;
  ASSERT_EQ(::stat((root / "bin" / "tool").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 04755u);
  EXPECT_EQ(st.st_uid, 1000u);
  EXPECT_EQ(st.st_gid, 1001u);
  EXPECT_EQ(st.st_mtime, 2222);
  EXPECT_EQ(st.st_nlink, 2u);
  EXPECT_EQ(read_file(root / "bin" / "twin"), "#!");
  EXPECT_EQ(xattr(root / "bin" / "tool", "trusted.berth"), "kept");
  ASSERT_EQ(::stat((root / "bin").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0750u);
  EXPECT_EQ(st.st_uid, 7u);
  EXPECT_EQ(st.st_mtime, 1111) << "directory time must survive its children being written";
  EXPECT_EQ(fs::read_symlink(root / "bin" / "alias"), "tool");
  ASSERT_EQ(::lstat((root / "null").c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_EQ(st.st_rdev, makedev(1, 3));
  EXPECT_TRUE(fs::is_fifo(root / "pipe"));
}

TEST_F(LayerUnpack, WhiteoutsBecomeOverlayWhiteouts) {
  {
    TarBuilder tar(base_ / "l.tar");
    tar.dir("etc").file("etc/.wh.removed", "").dir("opaque").file("opaque/.wh..wh..opq", "");
    tar.file("opaque/new", "n");
  }
  unpack_layer(base_ / "l.tar", base_ / "layer");
  struct stat st;
  ASSERT_EQ(::lstat((base_ / "layer" / "etc" / "removed").c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_EQ(st.st_rdev, makedev(0, 0));
  EXPECT_FALSE(fs::exists(base_ / "layer" / "etc" / ".wh.removed"));
  EXPECT_EQ(xattr(base_ / "layer" / "opaque", "trusted.overlay.opaque"), "y");
  EXPECT_FALSE(fs::exists(base_ / "layer" / "opaque" / ".wh..wh..opq"));
  EXPECT_TRUE(fs::exists(base_ / "layer" / "opaque" / "new"));
}

TEST_F(LayerUnpack, CompressedLayersReportTheUncompressedDiffId) {
  auto build = [](TarBuilder& tar) { tar.dir("d").file("d/f", std::string(100000, 'x')); };
  std::string expected_diff_id;
  for (auto compression : {TarBuilder::Compression::none, TarBuilder::Compression::gzip,
                           TarBuilder::Compression::zstd}) {
    {
      TarBuilder tar(base_ / "l.tar", compression);
      build(tar);
    }
    fs::remove_all(base_ / "layer");
    fs::create_directories(base_ / "layer");
    auto digests = unpack_layer(base_ / "l.tar", base_ / "layer");
    EXPECT_EQ(digests.blob_digest, berth::storage::sha256_of_file(base_ / "l.tar"));
    EXPECT_EQ(digests.blob_size, static_cast<std::int64_t>(fs::file_size(base_ / "l.tar")));
    if (compression == TarBuilder::Compression::none) expected_diff_id = digests.blob_digest;
    EXPECT_EQ(digests.diff_id, expected_diff_id);
    EXPECT_EQ(fs::file_size(base_ / "layer" / "d" / "f"), 100000u);
  }
}

TEST_F(LayerUnpack, DotDotNamesStayInside) {
  expect_contained(
      [](TarBuilder& t) { t.file("../outside/evil", "x").file("a/../../../evil", "x"); });
  EXPECT_TRUE(fs::exists(base_ / "layer" / "outside" / "evil"));
}

TEST_F(LayerUnpack, AbsoluteNamesStayInside) {
  expect_contained([&](TarBuilder& t) { t.file((base_ / "outside" / "abs").string(), "x"); });
  EXPECT_TRUE(fs::exists(base_ / "layer" / fs::relative(base_ / "outside" / "abs", "/")));
}

TEST_F(LayerUnpack, RelativeSymlinkParentCannotEscape) {
  expect_contained([](TarBuilder& t) {
    t.symlink("up", "../../outside").file("up/evil", "x").file("up/sentinel", "overwritten");
  });
}

TEST_F(LayerUnpack, AbsoluteSymlinkParentCannotEscape) {
  expect_contained([&](TarBuilder& t) {
    t.symlink("abs", (base_ / "outside").string()).file("abs/evil", "x");
    t.file("abs/sentinel", "overwritten");
  });
}

TEST_F(LayerUnpack, SymlinkAsFinalComponentIsReplacedNotFollowed) {
  expect_contained([&](TarBuilder& t) {
    t.symlink("victim", (base_ / "outside" / "sentinel").string()).file("victim", "overwritten");
    t.symlink("dirlink", (base_ / "outside").string()).dir("dirlink");
  });
  EXPECT_EQ(read_file(base_ / "layer" / "victim"), "overwritten");
  EXPECT_TRUE(fs::is_directory(fs::symlink_status(base_ / "layer" / "dirlink")));
}

TEST_F(LayerUnpack, HardlinksCannotReachOutside) {
  expect_contained([&](TarBuilder& t) {
    t.hardlink("h1", "../outside/sentinel");
    t.hardlink("h2", (base_ / "outside" / "sentinel").string());
    t.symlink("out", (base_ / "outside").string()).hardlink("h3", "out/sentinel");
    t.symlink("s", (base_ / "outside" / "sentinel").string()).hardlink("h4", "s");
    t.file("h4", "overwritten");
  });
}

TEST_F(LayerUnpack, DeviceNodesAreNeverWrittenThrough) {
  expect_contained([](TarBuilder& t) {
    t.device("dev", AE_IFCHR, 1, 3).file("dev", "data replaces the node");
    t.device("fifo", AE_IFIFO, 0, 0).file("fifo", "no blocking write");
  });
  EXPECT_TRUE(fs::is_regular_file(base_ / "layer" / "dev"));
  EXPECT_TRUE(fs::is_regular_file(base_ / "layer" / "fifo"));
}

}  // namespace
