#include <gtest/gtest.h>

#include "engine/container_stats.h"

namespace berth::engine {
namespace {

TEST(ContainerStats, SumsNetworkBytesOfEveryInterfaceButLoopback) {
  auto bytes = parse_net_dev(
      "Inter-|   Receive                                                |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs "
      "drop fifo colls carrier compressed\n"
      "    lo:  999999     10    0    0    0     0          0         0   999999      10    0    "
      "0    0     0       0          0\n"
      "  eth0:    1000      5    0    0    0     0          0         0      400       4    0    "
      "0    0     0       0          0\n"
      "  eth1:      24      1    0    0    0     0          0         0       6       1    0    "
      "0    0     0       0          0\n");
  EXPECT_EQ(bytes.received, 1024u);
  EXPECT_EQ(bytes.sent, 406u);
}

TEST(ContainerStats, CpuPercentIsTheShareOfWallTime) {
  ContainerSample before, after;
  before.cpu_ns = 1'000'000'000;
  after.cpu_ns = 1'250'000'000;
  after.taken = before.taken + std::chrono::milliseconds(500);
  EXPECT_DOUBLE_EQ(cpu_percent(before, after), 50.0);
  EXPECT_EQ(cpu_percent(after, before), 0.0);
}

}  // namespace
}  // namespace berth::engine
