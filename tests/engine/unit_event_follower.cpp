#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/event_follower.h"
#include "runtime/event_log.h"

namespace berth::engine {
namespace {

namespace fs = std::filesystem;

runtime::ContainerEvent event(const std::string& action) {
  return {"", "p", "web", "p-web-1", action, {{"name", "p-web-1"}}};
}

class EventLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("berth-events-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    log_ = (dir_ / "events.jsonl").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string log_;
};

TEST_F(EventLogTest, AFollowerSeesOnlyWhatComesAfterIt) {
  runtime::record_event(log_, event("create"));
  EventFollower follower(log_);
  runtime::record_event(log_, event("start"));
  auto events = follower.read();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "start");
  EXPECT_EQ(events[0].attributes.at("name"), "p-web-1");
  EXPECT_FALSE(events[0].time.empty());
  EXPECT_TRUE(follower.read().empty());
}

TEST_F(EventLogTest, AFollowerStartedBeforeTheLogExistsReadsItFromTheStart) {
  EventFollower follower(log_);
  EXPECT_TRUE(follower.read().empty());
  runtime::record_event(log_, event("create"));
  ASSERT_EQ(follower.read().size(), 1u);
}

TEST_F(EventLogTest, TheLogStaysBoundedAndIsFollowedAcrossRotation) {
  runtime::record_event(log_, event("create"));
  EventFollower follower(log_);
  runtime::ContainerEvent big = event("die");
  big.attributes["padding"] = std::string(1000, 'x');
  size_t written = 0;
  while (!fs::exists(log_ + ".1")) {
    runtime::record_event(log_, big);
    ++written;
  }
  runtime::record_event(log_, event("destroy"));
  EXPECT_LE(fs::file_size(log_ + ".1"), static_cast<uintmax_t>(runtime::kEventLogMaxBytes + 2000));
  auto events = follower.read();
  ASSERT_EQ(events.size(), written + 1);
  EXPECT_EQ(events.back().action, "destroy");
}

TEST_F(EventLogTest, DamagedLinesAreSkipped) {
  EventFollower follower(log_);
  std::ofstream(log_, std::ios::app) << "not json\n{\"time\":\"t\"}\n";
  runtime::record_event(log_, event("kill"));
  auto events = follower.read();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "kill");
}

}  // namespace
}  // namespace berth::engine
