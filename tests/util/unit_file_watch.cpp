#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "util/file_watch.h"

namespace berth {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

class FileWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("berth-file-watch-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FileWatchTest, NothingChangedWaitsTheTimeout) {
  FileWatch watch;
  watch.watch_directory(dir_);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(watch.wait(milliseconds(50)));
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(45));
}

TEST_F(FileWatchTest, AnAppendWakesTheWaiterLongBeforeTheTimeout) {
  std::ofstream(dir_ / "json.log") << "first\n";
  FileWatch watch;
  watch.watch_directory(dir_);
  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(20));
    std::ofstream(dir_ / "json.log", std::ios::app) << "second\n";
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(watch.wait(milliseconds(10000)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(5000));
  writer.join();
  watch.drain();
  EXPECT_FALSE(watch.wait(milliseconds(0))) << "the change was taken once";
}

TEST_F(FileWatchTest, AFileRenamedIntoPlaceWakesTheWaiter) {
  FileWatch watch;
  watch.watch_directory(dir_);
  std::ofstream(dir_ / "state.json.tmp") << "{}";
  fs::rename(dir_ / "state.json.tmp", dir_ / "state.json");
  EXPECT_TRUE(watch.wait(milliseconds(10000)));
}

TEST_F(FileWatchTest, AMissingDirectoryIsSkipped) {
  FileWatch watch;
  EXPECT_NO_THROW(watch.watch_directory(dir_ / "not-yet"));
  EXPECT_FALSE(watch.wait(milliseconds(0)));
}

}  // namespace
}  // namespace berth
