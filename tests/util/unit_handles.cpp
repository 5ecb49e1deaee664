#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "util/error.h"
#include "util/file_lock.h"
#include "util/locations.h"
#include "util/log.h"
#include "util/unique_fd.h"

namespace berth {
namespace {

bool fd_is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

TEST(UniqueFd, ClosesOnDestructionAndReset) {
  int raw = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(raw, 0);
  {
    UniqueFd fd(raw);
    EXPECT_TRUE(fd_is_open(raw));
  }
  EXPECT_FALSE(fd_is_open(raw));

  UniqueFd fd(::open("/dev/null", O_RDONLY));
  int first = fd.get();
  fd.reset(::open("/dev/null", O_RDONLY));
  EXPECT_FALSE(fd_is_open(first) && first != fd.get());
}

TEST(UniqueFd, MoveTransfersOwnership) {
  UniqueFd a(::open("/dev/null", O_RDONLY));
  int raw = a.get();
  UniqueFd b(std::move(a));
  EXPECT_FALSE(a.valid());
  EXPECT_EQ(b.get(), raw);
  int released = b.release();
  EXPECT_FALSE(b.valid());
  EXPECT_TRUE(fd_is_open(released));
  ::close(released);
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/berth-unit.XXXXXX";
    ASSERT_NE(::mkdtemp(name), nullptr);
    dir_ = name;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

using FileLockTest = TempDir;

TEST_F(FileLockTest, SecondHolderIsRefusedUntilFirstReleases) {
  auto path = dir_ / "locks" / "global.lock";
  {
    FileLock first(path);
    EXPECT_TRUE(first.held());
    EXPECT_FALSE(FileLock::try_acquire(path).held());
  }
  EXPECT_TRUE(FileLock::try_acquire(path).held());
}

TEST(Locations, FlagBeatsEnvironmentBeatsDefault) {
  ::unsetenv("BERTH_ROOT");
  ::unsetenv("BERTH_RUN");
  auto defaults = Locations::resolve(std::nullopt);
  EXPECT_EQ(defaults.state_root, "/var/lib/berth");
  EXPECT_EQ(defaults.run_dir, "/run/berth");

  ::setenv("BERTH_ROOT", "/srv/env-root", 1);
  ::setenv("BERTH_RUN", "/srv/env-run", 1);
  EXPECT_EQ(Locations::resolve(std::nullopt).state_root, "/srv/env-root");
  auto flagged = Locations::resolve("/srv/flag-root");
  EXPECT_EQ(flagged.state_root, "/srv/flag-root");
  EXPECT_EQ(flagged.run_dir, "/srv/env-run");
  EXPECT_EQ(flagged.database(), "/srv/flag-root/state.db");
  ::unsetenv("BERTH_ROOT");
  ::unsetenv("BERTH_RUN");
}

TEST(Log, RejectsUnknownLevels) {
  EXPECT_NO_THROW(log::set_level("debug"));
  EXPECT_NO_THROW(log::set_level("off"));
  EXPECT_THROW(log::set_level("verbose"), Error);
  log::set_level("warn");
}

}  // namespace
}  // namespace berth
