#include <gtest/gtest.h>

#include "spec/dotenv.h"
#include "util/error.h"

namespace berth::spec {
namespace {

Environment parse(const std::string& text, Environment shell = {}) {
  VariableLookup lookup = [shell](const std::string& key) -> std::optional<std::string> {
    auto it = shell.find(key);
    if (it == shell.end()) return std::nullopt;
    return it->second;
  };
  return parse_dotenv(text, ".env", lookup);
}

TEST(Dotenv, CommentsExportAndUnquoted) {
  auto env = parse("# comment\n\nexport A=1\nB = two words  # trailing\nC=x#notcomment\n");
  EXPECT_EQ(env.at("A"), "1");
  EXPECT_EQ(env.at("B"), "two words");
  EXPECT_EQ(env.at("C"), "x#notcomment");
}

TEST(Dotenv, SingleQuotesAreLiteral) {
  auto env = parse("A='${B} \\n $x'\n");
  EXPECT_EQ(env.at("A"), "${B} \\n $x");
}

TEST(Dotenv, DoubleQuotesHaveEscapesAndSpanLines) {
  auto env = parse("A=\"line1\\nline2 \\\"q\\\" \\$HOME\"\nB=\"multi\nline\"\nC=after\n");
  EXPECT_EQ(env.at("A"), "line1\nline2 \"q\" $HOME");
  EXPECT_EQ(env.at("B"), "multi\nline");
  EXPECT_EQ(env.at("C"), "after");
}

TEST(Dotenv, ReferencesResolveShellThenEarlierLines) {
  auto env = parse("A=one\nB=\"${A}-${SHELL_VAR}-${NONE:-dflt}\"\nC=$A\n", {{"SHELL_VAR", "sh"}});
  EXPECT_EQ(env.at("B"), "one-sh-dflt");
  EXPECT_EQ(env.at("C"), "one");
}

TEST(Dotenv, UnterminatedQuoteNamesTheLine) {
  try {
    parse("A=1\nB=\"open\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), ".env:2:1: unterminated \" quote");
  }
}

}  // namespace
}  // namespace berth::spec
