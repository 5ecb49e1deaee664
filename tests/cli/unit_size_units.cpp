#include <gtest/gtest.h>

#include "cli/size_units.h"

namespace berth::cli {
namespace {

TEST(SizeUnits, PrintsSizesInDockersUnits) {
  EXPECT_EQ(decimal_size(0, 3), "0B");
  EXPECT_EQ(decimal_size(1234, 3), "1.23kB");
  EXPECT_EQ(decimal_size(5'000'000, 3), "5MB");
  EXPECT_EQ(binary_size(64ull << 20), "64MiB");
  EXPECT_EQ(binary_size(1536 * 1024), "1.5MiB");
  EXPECT_EQ(binary_size(512), "512B");
}

}  // namespace
}  // namespace berth::cli
