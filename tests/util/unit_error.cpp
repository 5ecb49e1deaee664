#include <gtest/gtest.h>

#include <cerrno>

#include "util/error.h"

namespace berth {
namespace {

TEST(Error, NamesWhatObjectAndErrnoText) {
  Error error("creating bridge", "berth0", ENOENT);
  EXPECT_STREQ(error.what(), "creating bridge 'berth0': No such file or directory");
  EXPECT_EQ(error.action(), "creating bridge");
  EXPECT_EQ(error.object(), "berth0");
  EXPECT_EQ(error.errno_value(), ENOENT);
}

TEST(Error, OmitsMissingParts) {
  EXPECT_STREQ(Error("no services defined").what(), "no services defined");
  EXPECT_STREQ(Error("reading", "a.yaml").what(), "reading 'a.yaml'");
}

TEST(Error, ContextIsPrefixedAndDetailsKept) {
  Error inner("mounting overlay on", "/var/lib/berth/x", EPERM);
  Error outer = inner.with_context("starting service web");
  EXPECT_STREQ(outer.what(),
               "starting service web: mounting overlay on '/var/lib/berth/x': "
               "Operation not permitted");
  EXPECT_EQ(outer.errno_value(), EPERM);
  EXPECT_EQ(outer.object(), "/var/lib/berth/x");
}

TEST(Error, ThrowErrnoCapturesCurrentErrno) {
  errno = EACCES;
  try {
    throw_errno("opening", "/etc/shadow");
    FAIL() << "throw_errno returned";
  } catch (const Error& e) {
    EXPECT_EQ(e.errno_value(), EACCES);
    EXPECT_STREQ(e.what(), "opening '/etc/shadow': Permission denied");
  }
}

}  // namespace
}  // namespace berth
