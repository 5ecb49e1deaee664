// Crash safety end to end: berth is SIGKILLed at random points of `up -d` and
// `down`, then `down -v` (sometimes after an `up`) must leave nothing behind;
// and `berth gc` removes what no record owns, and only this root's objects.
#include <chrono>
#include <random>
#include <thread>

#include "cli/leak_check_fixture.h"

namespace berth::testing {
namespace {

using Clock = std::chrono::steady_clock;

// BERTH_CRASH_TRIALS for a longer run, BERTH_CRASH_SEED to replay one.
int env_number(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::atoi(text) : fallback;
}

long long elapsed_us(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - since).count();
}

class Crash : public LeakCheck {};

TEST_F(Crash, DownConvergesAfterUpOrDownIsKilledAnywhere) {
  auto file = write_project("crashy", 18181);
  // How long the commands take here, so the kills are spread over all of them.
  auto start = Clock::now();
  auto up = compose(file, {"up", "-d"});
  ASSERT_EQ(up.status, 0) << up.err;
  long long up_us = elapsed_us(start);
  start = Clock::now();
  auto down = compose(file, {"down", "-v", "-t", "0"});
  ASSERT_EQ(down.status, 0) << down.err;
  long long down_us = elapsed_us(start);
  expect_nothing_left({file}, "after an uninterrupted up and down");

  int trials = env_number("BERTH_CRASH_TRIALS", 20);
  unsigned seed = static_cast<unsigned>(env_number("BERTH_CRASH_SEED", 20261202));
  std::mt19937 random(seed);
  for (int trial = 0; trial < trials; ++trial) {
    bool kill_down = trial % 2 == 1;
    if (kill_down) {
      ASSERT_EQ(compose(file, {"up", "-d"}).status, 0);
    }
    std::uniform_int_distribution<long long> delay_us(0, kill_down ? down_us : up_us);
    long long delay = delay_us(random);
    std::vector<std::string> verb = kill_down ? std::vector<std::string>{"down", "-t", "0"}
                                              : std::vector<std::string>{"up", "-d"};
    pid_t pid = spawn(compose_argv(file, verb), sandbox_ / "killed.err");
    std::this_thread::sleep_for(std::chrono::microseconds(delay));
    ::kill(pid, SIGKILL);
    int status = wait_for(pid);
    std::string when = "trial " + std::to_string(trial) + " (seed " + std::to_string(seed) +
                       "): " + verb.front() + " killed after " + std::to_string(delay) +
                       " us, exit " + std::to_string(status);
    // Every fourth trial converges through a new `up` first.
    if (trial % 4 == 2) {
      auto again = compose(file, {"up", "-d"});
      EXPECT_EQ(again.status, 0) << when << "\n" << again.err;
      EXPECT_EQ(ps_json(file).size(), 3u) << when;
    }
    auto cleanup = compose(file, {"down", "-v", "-t", "0"});
    ASSERT_EQ(cleanup.status, 0) << when << "\n" << cleanup.err;
    expect_nothing_left({file}, when);
    if (HasFailure()) return;
  }
}

// A berth killed between making a link and committing its row leaves the link
// under the name the next network or endpoint gets (ids are reused), and a
// bridge no row will ever own: `up` replaces the first, `down` removes the rest.
TEST_F(Crash, LinksOfUncommittedChangesAreReplacedAndCollected) {
  auto file = write_project("relink", 18186);
  auto id = root_id();
  ASSERT_FALSE(id.empty());
  std::string bridge = "bt" + id + "b1", veth = "bt" + id + "v1", stray = "bt" + id + "b99";
  ASSERT_EQ(run_command({"ip", "link", "add", bridge, "type", "bridge"}).status, 0);
  ASSERT_EQ(
      run_command({"ip", "link", "add", veth, "type", "veth", "peer", "name", "peer0"}).status, 0);
  ASSERT_EQ(run_command({"ip", "link", "add", stray, "type", "bridge"}).status, 0);

  auto up = compose(file, {"up", "-d"});
  ASSERT_EQ(up.status, 0) << up.err;
  auto listed = ps_json(file);
  EXPECT_EQ(listed.size(), 3u);
  for (const auto& container : listed) EXPECT_EQ(container["State"], "running") << container;
  auto down = compose(file, {"down", "-v", "-t", "0"});
  ASSERT_EQ(down.status, 0) << down.err;
  expect_nothing_left({file}, "after up and down over leftover links");
}

TEST_F(Crash, GcRemovesWhatNoRecordOwnsAndNothingOfAnotherRoot) {
  auto file = write_project("lost", 18182);
  auto up = compose(file, {"up", "-d"});
  ASSERT_EQ(up.status, 0) << up.err;
  auto db = state_db().string();
  auto id = root_id();
  ASSERT_FALSE(id.empty());
  std::string stray = "bt" + id + "b99", foreign = "bt999999b1";
  ASSERT_EQ(run_command({"ip", "link", "add", stray, "type", "bridge"}).status, 0);
  ASSERT_EQ(run_command({"ip", "link", "add", foreign, "type", "bridge"}).status, 0);
  // The records are lost: everything the containers hold is now garbage.
  ASSERT_EQ(run_command({"sqlite3", db, "DELETE FROM containers"}).status, 0);

  auto dry = berth({"gc", "--dry-run"});
  ASSERT_EQ(dry.status, 0) << dry.err;
  for (const char* kind : {"supervisor", "cgroup", "run dir", "endpoint", "netns", "rootfs"})
    EXPECT_NE(dry.out.find(std::string("Would remove ") + kind), std::string::npos) << kind << "\n"
                                                                                    << dry.out;
  EXPECT_NE(dry.out.find(stray), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find(foreign), std::string::npos) << dry.out;
  EXPECT_FALSE(stray_processes().empty()) << "a dry run stops nothing";

  auto gc = berth({"gc"});
  ASSERT_EQ(gc.status, 0) << gc.err;
  // A stopped supervisor removes its cgroup itself; everything else is gc's to remove.
  for (const char* kind : {"supervisor", "run dir", "endpoint", "netns", "rootfs"})
    EXPECT_NE(gc.out.find(std::string("Removed ") + kind), std::string::npos) << kind << "\n"
                                                                              << gc.out;
  auto links = run_command({"ip", "-br", "link"}).out;
  EXPECT_EQ(links.find(stray), std::string::npos) << links;
  EXPECT_NE(links.find(foreign), std::string::npos) << links;
  ASSERT_EQ(run_command({"ip", "link", "del", foreign}).status, 0);

  auto down = compose(file, {"down", "-v", "-t", "0"});
  ASSERT_EQ(down.status, 0) << down.err;
  expect_nothing_left({file}, "after gc and down");
}

}  // namespace
}  // namespace berth::testing
