// Concurrent commands end to end: `up` and `down` of one project serialize on
// its lock and leave a consistent stack; different projects go up at once.
#include "cli/leak_check_fixture.h"

namespace berth::testing {
namespace {

class Concurrency : public LeakCheck {};

TEST_F(Concurrency, UpsAndDownsOfOneProjectSerialize) {
  auto file = write_project("busy", 18183);
  std::vector<std::pair<pid_t, fs::path>> commands;
  for (int round = 0; round < 3; ++round) {
    for (const auto& verb :
         {std::vector<std::string>{"up", "-d"}, std::vector<std::string>{"down", "-t", "0"}}) {
      auto log = sandbox_ / ("busy-" + std::to_string(commands.size()) + ".err");
      commands.emplace_back(spawn(compose_argv(file, verb), log), log);
    }
  }
  for (const auto& [pid, log] : commands) EXPECT_EQ(wait_for(pid), 0) << read_text(log);

  // Whichever ran last, the stack is whole or gone, never half.
  auto listed = ps_json(file);
  EXPECT_TRUE(listed.empty() || listed.size() == 3u) << listed.size();
  for (const auto& container : listed) EXPECT_EQ(container["State"], "running") << container;

  auto up = compose(file, {"up", "-d"});
  ASSERT_EQ(up.status, 0) << up.err;
  listed = ps_json(file);
  EXPECT_EQ(listed.size(), 3u);
  for (const auto& container : listed) EXPECT_EQ(container["State"], "running") << container;
  auto down = compose(file, {"down", "-v", "-t", "0"});
  ASSERT_EQ(down.status, 0) << down.err;
  expect_nothing_left({file}, "after concurrent ups and downs");
}

TEST_F(Concurrency, DifferentProjectsComeUpAndGoDownAtOnce) {
  std::vector<fs::path> files = {write_project("one", 18184), write_project("two", 18185)};
  auto run_both = [&](const std::vector<std::string>& verb) {
    std::vector<std::pair<pid_t, fs::path>> commands;
    for (const auto& file : files) {
      auto log = file.parent_path() / (verb.front() + ".err");
      commands.emplace_back(spawn(compose_argv(file, verb), log), log);
    }
    for (const auto& [pid, log] : commands)
      EXPECT_EQ(wait_for(pid), 0) << verb.front() << ": " << read_text(log);
  };
  run_both({"up", "-d", "--wait"});
  for (const auto& file : files) {
    auto listed = ps_json(file);
    EXPECT_EQ(listed.size(), 3u) << file;
    for (const auto& container : listed) EXPECT_EQ(container["State"], "running") << container;
  }
  run_both({"down", "-v", "-t", "0"});
  expect_nothing_left(files, "after two projects went up and down at once");
}

}  // namespace
}  // namespace berth::testing
