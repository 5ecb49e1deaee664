#include <gtest/gtest.h>

#include "engine/subordinate_ids.h"

namespace berth::engine {
namespace {

TEST(SubordinateIds, OnlyTheUsersWellFormedLinesCount) {
  auto ranges = granted_ranges(
      "# comment\n\nberth:100000:65536\nberthold:1:2\nberth:x:5\nberth:5\n"
      "berth:200000:0\nberth:4294967295:2\nother:300000:10\nberth:500000:10\n",
      "berth");
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0], (IdRange{100000, 65536}));
  EXPECT_EQ(ranges[1], (IdRange{500000, 10}));
}

TEST(SubordinateIds, TheLowestFreeRunThatFitsInOneGrantedRange) {
  std::vector<IdRange> granted{{500000, 100}, {100000, 1000}};
  EXPECT_EQ(first_free_ids(granted, {}, 100), 100000u);
  EXPECT_EQ(first_free_ids(granted, {{100000, 100}}, 100), 100100u);
  // A gap between two taken runs is used when it is large enough, not otherwise.
  EXPECT_EQ(first_free_ids(granted, {{100000, 100}, {100250, 10}}, 150), 100100u);
  EXPECT_EQ(first_free_ids(granted, {{100250, 10}, {100000, 100}}, 151), 100260u);
  // Nothing left in the first range: the next granted one.
  EXPECT_EQ(first_free_ids(granted, {{100000, 1000}}, 100), 500000u);
  EXPECT_EQ(first_free_ids(granted, {{100000, 1000}}, 101), std::nullopt);
  EXPECT_EQ(first_free_ids(granted, {}, 0), std::nullopt);
}

}  // namespace
}  // namespace berth::engine
