#include <gtest/gtest.h>

#include "engine/object_journal.h"
#include "util/error.h"

namespace berth::engine {
namespace {

class ObjectJournalTest : public ::testing::Test {
 protected:
  state::Database db_ = state::Database::open_in_memory();
  ObjectJournal journal_{db_};
};

TEST_F(ObjectJournalTest, IntentThenConfirmation) {
  journal_.intend(ObjectKind::veth, "bv1a2b3c-0001", "shop", "shop-web-1");
  auto entry = journal_.find(ObjectKind::veth, "bv1a2b3c-0001");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->phase, ObjectPhase::intended);
  EXPECT_EQ(entry->owner, "shop-web-1");
  journal_.confirm(ObjectKind::veth, "bv1a2b3c-0001");
  EXPECT_EQ(journal_.find(ObjectKind::veth, "bv1a2b3c-0001")->phase, ObjectPhase::confirmed);
}

TEST_F(ObjectJournalTest, ConfirmingTheUnknownIsAnError) {
  EXPECT_THROW(journal_.confirm(ObjectKind::bridge, "nothing"), Error);
}

TEST_F(ObjectJournalTest, EntriesComeNewestFirstForTeardown) {
  journal_.intend(ObjectKind::bridge, "br-a", "shop");
  journal_.intend(ObjectKind::netns, "/run/berth/netns/shop-web-1", "shop", "shop-web-1");
  journal_.intend(ObjectKind::veth, "veth-a", "shop", "shop-web-1");
  journal_.intend(ObjectKind::veth, "veth-other", "blog", "blog-web-1");
  auto shop = journal_.of_project("shop");
  ASSERT_EQ(shop.size(), 3u);
  EXPECT_EQ(shop[0].name, "veth-a");
  EXPECT_EQ(shop[1].kind, ObjectKind::netns);
  EXPECT_EQ(shop[2].name, "br-a");
  EXPECT_EQ(journal_.of_owner("shop", "shop-web-1").size(), 2u);
  EXPECT_EQ(journal_.all().size(), 4u);
}

TEST_F(ObjectJournalTest, ForgetRemovesAndReIntentKeepsOneRow) {
  journal_.intend(ObjectKind::cgroup, "berth/shop/web-1", "shop", "shop-web-1");
  journal_.intend(ObjectKind::cgroup, "berth/shop/web-1", "shop", "shop-web-1");
  EXPECT_EQ(journal_.all().size(), 1u);
  journal_.forget(ObjectKind::cgroup, "berth/shop/web-1");
  EXPECT_FALSE(journal_.find(ObjectKind::cgroup, "berth/shop/web-1"));
}

TEST_F(ObjectJournalTest, KindsRoundTripThroughText) {
  for (auto kind :
       {ObjectKind::netns, ObjectKind::cgroup, ObjectKind::rootfs_mount, ObjectKind::veth,
        ObjectKind::bridge, ObjectKind::firewall_element, ObjectKind::supervisor})
    EXPECT_EQ(object_kind_from_string(to_string(kind)), kind);
  EXPECT_THROW(object_kind_from_string("teapot"), Error);
}

}  // namespace
}  // namespace berth::engine
