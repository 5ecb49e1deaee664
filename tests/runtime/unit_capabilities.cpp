#include <gtest/gtest.h>

#include "runtime/capabilities.h"
#include "util/error.h"

namespace berth::runtime {
namespace {

constexpr CapabilitySet kDockerDefault = 0xa80425fb;

TEST(Capabilities, ParsesNamesWithOrWithoutPrefix) {
  EXPECT_EQ(parse_capability("NET_ADMIN"), 1ULL << 12);
  EXPECT_EQ(parse_capability("cap_sys_admin"), 1ULL << 21);
  EXPECT_THROW(parse_capability("FLY"), Error);
}

TEST(Capabilities, DefaultAddAndDrop) {
  // Tests run as root, where berth's own bounding set holds the default set.
  EXPECT_EQ(container_capabilities(false, {}, {}), kDockerDefault);
  EXPECT_EQ(container_capabilities(false, {"NET_ADMIN"}, {"CHOWN"}),
            (kDockerDefault | (1ULL << 12)) & ~1ULL);
  EXPECT_EQ(container_capabilities(false, {"KILL"}, {"ALL"}), 1ULL << 5);
  EXPECT_EQ(container_capabilities(false, {}, {"all"}), 0u);
}

}  // namespace
}  // namespace berth::runtime
