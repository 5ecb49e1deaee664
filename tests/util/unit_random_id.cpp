#include <gtest/gtest.h>

#include "util/random_id.h"

namespace berth {
namespace {

TEST(RandomId, IsSixtyFourHexDigitsAndDiffers) {
  auto id = random_id();
  EXPECT_EQ(id.size(), 64u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(id, random_id());
}

}  // namespace
}  // namespace berth
