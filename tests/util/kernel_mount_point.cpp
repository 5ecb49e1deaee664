#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cstdlib>
#include <filesystem>

#include "util/mount_point.h"

namespace berth {
namespace {

namespace fs = std::filesystem;

// In the sandbox's own mount namespace.
TEST(MountPoint, TellsMountRootsFromPlainDirectories) {
  auto base = fs::path(std::getenv("BERTH_SANDBOX")) / "mount-point";
  fs::create_directories(base / "tmpfs");
  fs::create_directories(base / "bound");
  EXPECT_FALSE(is_mount_point(base / "tmpfs"));
  EXPECT_FALSE(is_mount_point(base / "missing"));
  ASSERT_EQ(::mount("tmpfs", (base / "tmpfs").c_str(), "tmpfs", 0, nullptr), 0);
  fs::create_directories(base / "tmpfs/inside");
  EXPECT_TRUE(is_mount_point(base / "tmpfs"));
  EXPECT_FALSE(is_mount_point(base / "tmpfs/inside"));
  // A directory bound onto itself stays on the same filesystem but is a mount.
  ASSERT_EQ(::mount((base / "bound").c_str(), (base / "bound").c_str(), nullptr, MS_BIND, nullptr),
            0);
  EXPECT_TRUE(is_mount_point(base / "bound"));
  ASSERT_EQ(::umount2((base / "bound").c_str(), 0), 0);
  ASSERT_EQ(::umount2((base / "tmpfs").c_str(), 0), 0);
  EXPECT_FALSE(is_mount_point(base / "bound"));
  EXPECT_FALSE(is_mount_point(base / "tmpfs"));
}

}  // namespace
}  // namespace berth
