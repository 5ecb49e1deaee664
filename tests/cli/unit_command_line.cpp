#include <gtest/gtest.h>

#include <set>

#include "cli/command_line.h"

namespace berth::cli {
namespace {

std::set<std::string> verbs_of(const CLI::App& app) {
  std::set<std::string> names;
  for (const auto* command : app.get_subcommands({})) names.insert(command->get_name());
  return names;
}

std::optional<std::string> verb_of(std::vector<const char*> arguments) {
  arguments.insert(arguments.begin(), "berth");
  return chosen_verb(static_cast<int>(arguments.size()), arguments.data());
}

TEST(CommandLine, EachGroupRegistersExactlyTheVerbsItNames) {
  GlobalOptions options;
  std::set<std::string> seen;
  for (const auto& group : verb_groups()) {
    CLI::App app;
    group.add(app, options);
    EXPECT_EQ(std::set<std::string>(group.names.begin(), group.names.end()), verbs_of(app))
        << group.names.front();
    for (const auto& name : group.names) EXPECT_TRUE(seen.insert(name).second) << name;
  }
}

TEST(CommandLine, ReadsTheVerbPastTheGlobalOptionsAndTheirValues) {
  EXPECT_EQ(verb_of({"up", "-d"}), "up");
  EXPECT_EQ(verb_of({"-f", "a.yaml", "-f", "b.yaml", "down", "-v"}), "down");
  EXPECT_EQ(verb_of({"--root", "/r", "--log-level", "debug", "ps", "-a"}), "ps");
  // A value that is also a verb's name is still the option's.
  EXPECT_EQ(verb_of({"-p", "ps", "--profile", "up", "--env-file", "e", "logs"}), "logs");
  EXPECT_EQ(verb_of({"--project-directory=/d", "--strict", "stop", "web"}), "stop");
}

TEST(CommandLine, LeavesHelpAndBadArgumentsToTheFullParse) {
  EXPECT_EQ(verb_of({}), std::nullopt);
  EXPECT_EQ(verb_of({"--help"}), std::nullopt);
  EXPECT_EQ(verb_of({"--no-such-flag", "up"}), std::nullopt);
  EXPECT_EQ(verb_of({"--root"}), std::nullopt);
  EXPECT_EQ(verb_of({"up", "--help"}), "up");
}

TEST(CommandLine, BuildsTheChosenGroupAloneOrEveryVerb) {
  GlobalOptions options;
  CLI::App restart;
  add_verbs(restart, options, "restart");
  EXPECT_EQ(verbs_of(restart),
            (std::set<std::string>{"start", "stop", "restart", "kill", "rm", "pause", "unpause"}));

  size_t every = 0;
  for (const auto& group : verb_groups()) every += group.names.size();
  for (std::optional<std::string> verb :
       {std::optional<std::string>(), std::optional<std::string>("bogus")}) {
    CLI::App app;
    add_verbs(app, options, verb);
    EXPECT_EQ(verbs_of(app).size(), every);
  }
}

}  // namespace
}  // namespace berth::cli
