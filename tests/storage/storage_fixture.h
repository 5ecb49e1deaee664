#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "state/state_store.h"
#include "storage/image_store.h"

namespace berth::testing {

// A state root inside the sandbox with an image store on it, and a busybox
// root filesystem (Debian's busybox-static) to build test images from.
class StorageFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* sandbox = std::getenv("BERTH_SANDBOX");
    if (!sandbox || !std::getenv("BERTH_ROOT")) GTEST_SKIP() << "runs inside berth-sandbox";
    scratch_ = std::filesystem::path(sandbox) / "scratch";
    std::filesystem::create_directories(scratch_);
    state_ = std::make_unique<state::StateStore>(Locations::resolve(std::nullopt));
    images_ = std::make_unique<storage::ImageStore>(*state_);
  }
  void TearDown() override {
    images_.reset();
    state_.reset();
    std::filesystem::remove_all(scratch_);
  }

  // bin/busybox plus the applet links a shell session needs.
  std::filesystem::path busybox_rootfs(const std::string& name = "rootfs") {
    auto root = scratch_ / name;
    std::filesystem::create_directories(root / "bin");
    std::filesystem::create_directories(root / "etc");
    std::filesystem::create_directories(root / "tmp");
    std::filesystem::copy_file("/bin/busybox", root / "bin" / "busybox",
                               std::filesystem::copy_options::overwrite_existing);
    for (const char* applet : {"sh", "ls", "cat", "echo", "id"})
      std::filesystem::create_symlink("busybox", root / "bin" / applet);
    return root;
  }

  std::filesystem::path scratch_;
  std::unique_ptr<state::StateStore> state_;
  std::unique_ptr<storage::ImageStore> images_;
};

}  // namespace berth::testing
