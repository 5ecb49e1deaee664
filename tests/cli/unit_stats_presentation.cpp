#include <gtest/gtest.h>

#include "cli/stats_presentation.h"

namespace berth::cli {
namespace {

TEST(StatsPresentation, ShowsOneContainersFigures) {
  engine::ContainerSample sample;
  sample.id = "0123456789ab" + std::string(52, 'f');
  sample.name = "p-web-1";
  sample.memory_used = 16ull << 20;
  sample.memory_limit = 64ull << 20;
  sample.net_received = 1500;
  sample.net_sent = 0;
  sample.pids = 3;
  auto figures = stats_figures(sample, 12.345);
  EXPECT_EQ(figures.cpu, "12.35%");
  EXPECT_EQ(figures.memory_usage, "16MiB / 64MiB");
  EXPECT_EQ(figures.memory_percent, "25.00%");
  EXPECT_EQ(figures.net_io, "1.5kB / 0B");
  EXPECT_EQ(figures.block_io, "0B / 0B");
  auto json = stats_json(figures);
  EXPECT_EQ(json["PIDs"], "3");
  EXPECT_EQ(json["Name"], "p-web-1");
  EXPECT_EQ(json["ID"], "0123456789ab");
  EXPECT_EQ(json["Container"], "0123456789ab");
  EXPECT_EQ(stats_table_row(figures).rfind("0123456789ab   p-web-1 ", 0), 0u)
      << stats_table_row(figures);
}

}  // namespace
}  // namespace berth::cli
