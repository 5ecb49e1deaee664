#include <gtest/gtest.h>

#include "runtime/user_lookup.h"
#include "util/error.h"

namespace berth::runtime {
namespace {

const char* kPasswd =
    "# comment\nroot:x:0:0:root:/root:/bin/sh\nwww:x:33:33:www:/var/www:/bin/false\n"
    "broken line\napp:x:1000:1001::/home/app:/bin/sh\n";
const char* kGroup = "root:x:0:\nwww:x:33:\napps:x:1001:\nwheel:x:10:app,www\nvideo:x:44:app\n";

TEST(UserLookup, EmptyMeansRoot) {
  auto user = resolve_user("", kPasswd, kGroup);
  EXPECT_EQ(user.uid, 0u);
  EXPECT_EQ(user.gid, 0u);
  EXPECT_EQ(user.home, "/root");
}

TEST(UserLookup, NameGivesPrimaryAndSupplementaryGroups) {
  auto user = resolve_user("app", kPasswd, kGroup);
  EXPECT_EQ(user.uid, 1000u);
  EXPECT_EQ(user.gid, 1001u);
  EXPECT_EQ(user.groups, (std::vector<gid_t>{10, 44}));
  EXPECT_EQ(user.home, "/home/app");
}

TEST(UserLookup, NumericIdsNeedNotExist) {
  auto user = resolve_user("4242:77", kPasswd, kGroup);
  EXPECT_EQ(user.uid, 4242u);
  EXPECT_EQ(user.gid, 77u);
  EXPECT_TRUE(user.groups.empty());
  EXPECT_EQ(user.home, "/");
}

TEST(UserLookup, UidFoundInPasswdTakesItsGroup) {
  auto user = resolve_user("33", kPasswd, kGroup);
  EXPECT_EQ(user.gid, 33u);
  EXPECT_EQ(user.groups, (std::vector<gid_t>{10}));
}

TEST(UserLookup, GroupByNameAndUnknownNamesFail) {
  EXPECT_EQ(resolve_user("www:video", kPasswd, kGroup).gid, 44u);
  EXPECT_THROW(resolve_user("ghost", kPasswd, kGroup), Error);
  EXPECT_THROW(resolve_user("app:ghosts", kPasswd, kGroup), Error);
  EXPECT_THROW(resolve_user("app", "", ""), Error);
}

}  // namespace
}  // namespace berth::runtime
