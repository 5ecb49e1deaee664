#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "storage/overlay_rootfs.h"
#include "storage_fixture.h"
#include "tar_builder.h"
#include "util/error.h"

namespace fs = std::filesystem;
using namespace berth::storage;
using berth::testing::TarBuilder;

namespace {
class OverlayRootfsTest : public berth::testing::StorageFixture {
 protected:
  std::string add_layer(const std::string& name, const std::function<void(TarBuilder&)>& build) {
    auto path = scratch_ / (name + ".tar");
    {
      TarBuilder tar(path);
      build(tar);
    }
    auto blob = images_->content().put_file(path);
    return images_->layers().unpack(images_->content().path_of(blob.digest), blob);
  }
};

TEST_F(OverlayRootfsTest, WhiteoutsAndOpaqueDirsHideLowerContent) {
  auto lower = add_layer("lower", [](TarBuilder& t) {
    t.dir("etc").file("etc/keep", "k").file("etc/removed", "r");
    t.dir("opq").file("opq/old", "o");
  });
  auto upper = add_layer("upper", [](TarBuilder& t) {
    t.dir("etc").file("etc/.wh.removed", "").dir("opq").file("opq/.wh..wh..opq", "");
    t.file("opq/new", "n");
  });
  OverlayRootfs rootfs(images_->state_root(), images_->layers());
  auto merged = rootfs.mount("c1", {lower, upper}, false);
  EXPECT_TRUE(rootfs.is_mounted("c1"));
  EXPECT_TRUE(fs::exists(merged / "etc" / "keep"));
  EXPECT_FALSE(fs::exists(merged / "etc" / "removed"));
  EXPECT_FALSE(fs::exists(merged / "opq" / "old"));
  EXPECT_TRUE(fs::exists(merged / "opq" / "new"));

  std::ofstream(merged / "written") << "by the container";
  EXPECT_TRUE(fs::exists(rootfs.upper_dir("c1") / "written"));
  EXPECT_FALSE(fs::exists(images_->layers().dir_of(upper) / "written"));

  rootfs.remove("c1");
  EXPECT_FALSE(rootfs.is_mounted("c1"));
  EXPECT_FALSE(fs::exists(rootfs.container_dir("c1")));
  EXPECT_TRUE(fs::exists(images_->layers().dir_of(lower) / "etc" / "keep"));
}

// userns_mode: auto. The host root's files read as the mapping's root, whiteouts
// still hide, and the upper dir (the container's, unshared) holds host ids.
TEST_F(OverlayRootfsTest, ShiftedLayersBelongToTheMappedRoot) {
  auto lower = add_layer("lower", [](TarBuilder& t) { t.dir("etc").file("etc/gone", "g"); });
  auto upper = add_layer("upper", [](TarBuilder& t) { t.file("etc/.wh.gone", "").file("f", "x"); });
  OverlayRootfs rootfs(images_->state_root(), images_->layers());
  auto merged =
      rootfs.mount("shifted", {lower, upper}, false, berth::IdMapping{300000, 400000, 1000});
  struct stat info {};
  ASSERT_EQ(::stat((merged / "f").c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 300000u);
  EXPECT_EQ(info.st_gid, 400000u);
  ASSERT_EQ(::stat(merged.c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 300000u);
  EXPECT_FALSE(fs::exists(merged / "etc" / "gone"));
  ASSERT_EQ(::stat((images_->layers().dir_of(upper) / "f").c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 0u);  // the shared layer itself is untouched
  std::ofstream(merged / "etc" / "written") << "copied up";
  ASSERT_EQ(::stat((rootfs.upper_dir("shifted") / "etc").c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 300000u);
  rootfs.remove("shifted");
  EXPECT_FALSE(rootfs.is_mounted("shifted"));
}

TEST_F(OverlayRootfsTest, ReadOnlyRootRefusesWrites) {
  auto layer = add_layer("only", [](TarBuilder& t) { t.file("f", "x"); });
  OverlayRootfs rootfs(images_->state_root(), images_->layers());
  auto merged = rootfs.mount("ro", {layer}, true);
  std::ofstream out(merged / "new");
  EXPECT_FALSE(out.is_open());
  EXPECT_FALSE(fs::exists(rootfs.upper_dir("ro") / "new"));
  rootfs.remove("ro");
}

TEST_F(OverlayRootfsTest, MountsMoreLayersThanFitInOnePageOfAbsolutePaths) {
  std::vector<std::string> layers;
  for (int i = 0; i < 150; ++i)
    layers.push_back(add_layer("l" + std::to_string(i), [i](TarBuilder& t) {
      t.file("f" + std::to_string(i), std::to_string(i));
    }));
  OverlayRootfs rootfs(images_->state_root(), images_->layers());
  auto merged = rootfs.mount("many", layers, false);
  for (int i = 0; i < 150; ++i) EXPECT_TRUE(fs::exists(merged / ("f" + std::to_string(i)))) << i;
  rootfs.remove("many");
  EXPECT_FALSE(rootfs.is_mounted("many"));
}

TEST_F(OverlayRootfsTest, MountIsIdempotentAndUnmountKeepsUpperDir) {
  auto layer = add_layer("only", [](TarBuilder& t) { t.file("f", "x"); });
  OverlayRootfs rootfs(images_->state_root(), images_->layers());
  auto merged = rootfs.mount("c2", {layer}, false);
  EXPECT_EQ(rootfs.mount("c2", {layer}, false), merged);
  std::ofstream(merged / "kept") << "1";
  rootfs.unmount("c2");
  EXPECT_FALSE(rootfs.is_mounted("c2"));
  EXPECT_TRUE(fs::exists(rootfs.upper_dir("c2") / "kept"));
  rootfs.mount("c2", {layer}, false);
  EXPECT_TRUE(fs::exists(merged / "kept"));
  EXPECT_THROW(rootfs.mount("../escape", {layer}, false), berth::Error);
  rootfs.remove("c2");
}

}  // namespace
