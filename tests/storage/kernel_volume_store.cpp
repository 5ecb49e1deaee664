#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "storage/volume_store.h"
#include "storage_fixture.h"
#include "support/file_text.h"
#include "util/error.h"

namespace fs = std::filesystem;
using namespace berth::storage;

namespace {

using berth::testing::read_file;
class VolumeStoreTest : public berth::testing::StorageFixture {
 protected:
  void SetUp() override {
    StorageFixture::SetUp();
    if (!state_) return;
    volumes_ = std::make_unique<VolumeStore>(*state_);
  }
  void TearDown() override {
    volumes_.reset();
    StorageFixture::TearDown();
  }
  std::unique_ptr<VolumeStore> volumes_;
};

TEST_F(VolumeStoreTest, CreateIsIdempotentAndListFiltersByLabel) {
  VolumeSpec spec{"proj_data", "local", {{"com.docker.compose.project", "proj"}}, {}, false};
  auto volume = volumes_->create(spec);
  EXPECT_TRUE(fs::is_directory(volume.mountpoint));
  EXPECT_EQ(volumes_->create(spec).created, volume.created);
  volumes_->create({"other_data", "local", {{"com.docker.compose.project", "other"}}, {}, false});
  auto listed = volumes_->list({{"com.docker.compose.project", "proj"}});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name, "proj_data");
  EXPECT_EQ(volumes_->list().size(), 2u);
  volumes_->remove("proj_data");
  EXPECT_FALSE(volumes_->find("proj_data"));
  EXPECT_FALSE(fs::exists(volume.mountpoint));
  EXPECT_THROW(volumes_->create({"../bad", "local", {}, {}, false}), berth::Error);
  EXPECT_THROW(volumes_->create({"x", "nfs-driver", {}, {}, false}), berth::Error);
}

TEST_F(VolumeStoreTest, ExternalVolumeMustExist) {
  EXPECT_THROW(volumes_->ensure({"shared", "local", {}, {}, true}), berth::Error);
  EXPECT_FALSE(volumes_->find("shared"));
  volumes_->create({"shared", "local", {}, {}, false});
  EXPECT_EQ(volumes_->ensure({"shared", "local", {}, {}, true}).name, "shared");
}

TEST_F(VolumeStoreTest, TmpfsVolumeIsMountedOnActivateAndUnmountedOnRemove) {
  auto volume =
      volumes_->create({"scratch",
                        "local",
                        {},
                        {{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=1m,mode=0700"}},
                        false});
  auto path = volumes_->activate(volume);
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_EQ(volumes_->activate(volume), path) << "a second activate is a no-op";
  volumes_->remove("scratch");
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(VolumeStoreTest, BindVolumeRemovalNeverEmptiesTheHostDir) {
  fs::create_directories(scratch_ / "host");
  std::ofstream(scratch_ / "host" / "precious") << "keep";
  auto volume =
      volumes_->create({"bound",
                        "local",
                        {},
                        {{"type", "none"}, {"o", "bind"}, {"device", (scratch_ / "host").string()}},
                        false});
  auto path = volumes_->activate(volume);
  EXPECT_EQ(read_file(path / "precious"), "keep");
  volumes_->remove("bound");
  EXPECT_EQ(read_file(scratch_ / "host" / "precious"), "keep");
  EXPECT_THROW(volumes_->create({"b2", "local", {}, {{"type", "nfs"}}, false}), berth::Error);
}

TEST_F(VolumeStoreTest, EmptyVolumeIsPopulatedFromImageContentOnce) {
  auto rootfs = scratch_ / "rootfs";
  fs::create_directories(rootfs / "var" / "lib" / "db" / "sub");
  std::ofstream(rootfs / "var" / "lib" / "db" / "init.sql") << "create";
  ::chown((rootfs / "var" / "lib" / "db" / "sub").c_str(), 999, 999);
  fs::create_symlink("/etc/passwd", rootfs / "var" / "lib" / "db" / "link");
  fs::create_symlink("/var/lib/db", rootfs / "escape");
  auto volume = volumes_->create({"db", "local", {}, {}, false});

  EXPECT_TRUE(volumes_->populate_from_image(volume, rootfs, "/var/lib/db"));
  EXPECT_EQ(read_file(volume.mountpoint / "init.sql"), "create");
  struct stat st;
  ASSERT_EQ(::stat((volume.mountpoint / "sub").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 999u);
  EXPECT_EQ(fs::read_symlink(volume.mountpoint / "link"), "/etc/passwd");

  std::ofstream(rootfs / "var" / "lib" / "db" / "later") << "x";
  EXPECT_FALSE(volumes_->populate_from_image(volume, rootfs, "/var/lib/db"));
  EXPECT_FALSE(fs::exists(volume.mountpoint / "later"));

  auto other = volumes_->create({"other", "local", {}, {}, false});
  EXPECT_FALSE(volumes_->populate_from_image(other, rootfs, "/nonexistent"));
  EXPECT_TRUE(volumes_->populate_from_image(other, rootfs, "/escape"))
      << "an absolute symlink at the target resolves inside the rootfs";
  EXPECT_TRUE(fs::exists(other.mountpoint / "init.sql"));
}

}  // namespace
