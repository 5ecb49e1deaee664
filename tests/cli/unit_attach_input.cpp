#include <gtest/gtest.h>

#include "cli/attach_input.h"
#include "util/error.h"

namespace berth::cli {
namespace {

TEST(DetachKeys, ParsesDockersSyntax) {
  EXPECT_EQ(parse_detach_keys(""), (std::vector<char>{'\x10', '\x11'}));
  EXPECT_EQ(parse_detach_keys("ctrl-a,x,ctrl-@,ctrl-_"),
            (std::vector<char>{'\x01', 'x', '\0', '\x1f'}));
  EXPECT_THROW(parse_detach_keys("ctrl-1"), Error);
  EXPECT_THROW(parse_detach_keys("alt-x"), Error);
}

TEST(DetachKeys, TheSequenceDetachesAndAPartialMatchIsPassedOnLater) {
  DetachMatcher matcher({'\x10', '\x11'});
  bool detached = false;
  EXPECT_EQ(matcher.feed("ab\x10", 3, detached), "ab");
  EXPECT_FALSE(detached);
  EXPECT_EQ(matcher.feed("c", 1, detached),
            "\x10"
            "c");
  EXPECT_EQ(matcher.feed("\x10", 1, detached), "");
  EXPECT_EQ(matcher.feed("\x11zz", 3, detached), "");
  EXPECT_TRUE(detached);

  DetachMatcher restarted({'\x10', '\x11'});
  detached = false;
  EXPECT_EQ(restarted.feed("\x10\x10\x11", 3, detached), "\x10");
  EXPECT_TRUE(detached);
}

}  // namespace
}  // namespace berth::cli
