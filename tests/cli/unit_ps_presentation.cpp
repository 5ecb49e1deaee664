#include <gtest/gtest.h>

#include "cli/column_table.h"
#include "cli/ps_presentation.h"

namespace berth::cli {
namespace {

using std::chrono::seconds;

TEST(PsPresentation, HumanDurationsAsDockerWritesThem) {
  EXPECT_EQ(human_duration(seconds(0)), "Less than a second");
  EXPECT_EQ(human_duration(seconds(1)), "1 second");
  EXPECT_EQ(human_duration(seconds(59)), "59 seconds");
  EXPECT_EQ(human_duration(seconds(60)), "About a minute");
  EXPECT_EQ(human_duration(seconds(150)), "2 minutes");
  EXPECT_EQ(human_duration(seconds(3600)), "About an hour");
  EXPECT_EQ(human_duration(seconds(5 * 3600)), "5 hours");
  EXPECT_EQ(human_duration(seconds(3 * 86400)), "3 days");
  EXPECT_EQ(human_duration(seconds(20 * 86400)), "2 weeks");
  EXPECT_EQ(human_duration(seconds(90 * 86400)), "3 months");
  EXPECT_EQ(human_duration(seconds(800 * 86400)), "2 years");
}

TEST(PsPresentation, StatusLines) {
  long long started = epoch_of("2026-12-03T08:00:00.123456789Z");
  ASSERT_GT(started, 0);
  runtime::ContainerState state;
  EXPECT_EQ(status_line(state, started), "Created");
  state.status = "running";
  state.started_at = "2026-12-03T08:00:00.123456789Z";
  EXPECT_EQ(status_line(state, started + 5), "Up 5 seconds");
  state.health = "healthy";
  EXPECT_EQ(status_line(state, started + 5), "Up 5 seconds (healthy)");
  state.health = "starting";
  EXPECT_EQ(status_line(state, started + 5), "Up 5 seconds (health: starting)");
  state.status = "paused";
  EXPECT_EQ(status_line(state, started + 120), "Up 2 minutes (Paused)");
  state.status = "exited";
  state.exit_code = 137;
  state.finished_at = "2026-12-03T08:01:00Z";
  EXPECT_EQ(status_line(state, started + 63), "Exited (137) 3 seconds ago");
  state.status = "restarting";
  EXPECT_EQ(status_line(state, started + 61), "Restarting (137) 1 second ago");
}

TEST(PsPresentation, PortsAndPublishers) {
  network::PortMapping loopback{network::Protocol::tcp, network::Ipv4Address::parse("127.0.0.1"),
                                8080, network::Ipv4Address::parse("10.0.0.2"), 80};
  network::PortMapping any6{network::Protocol::udp, std::nullopt, 5353,
                            network::Ipv6Address::parse("fd00::2"), 53};
  EXPECT_EQ(ports_text({loopback, any6}), "127.0.0.1:8080->80/tcp, [::]:5353->53/udp");
  auto publishers = publishers_json({loopback, any6});
  EXPECT_EQ(publishers[0]["URL"], "127.0.0.1");
  EXPECT_EQ(publishers[1]["URL"], "::");
  EXPECT_EQ(publishers[1]["PublishedPort"], 5353);
  EXPECT_EQ(publishers[1]["TargetPort"], 53);
  EXPECT_EQ(publishers[1]["Protocol"], "udp");
}

TEST(PsPresentation, CommandsAreQuotedAndCut) {
  EXPECT_EQ(command_cell({"sleep", "600"}), "\"sleep 600\"");
  EXPECT_EQ(command_cell({"docker-entrypoint.sh", "postgres"}), "\"docker-entrypoint.s…\"");
  EXPECT_EQ(display_width("\"docker-entrypoint.s…\""), 22u);
  EXPECT_EQ(command_cell({"echo", "ééééééééééééééééééé"}), "\"echo éééééééééééééé…\"");
}

TEST(PsPresentation, MountsAreCutLikeDockers) {
  EXPECT_EQ(ellipsis("exactly15chars!", 15), "exactly15chars!");
  EXPECT_EQ(ellipsis("sixteen-chars-xx", 15), "sixteen-chars-…");
  EXPECT_EQ(mounts_text({"shop_db-data", "/home/user/shop/site"}), "shop_db-data,/home/user/sho…");
  EXPECT_EQ(mounts_text({}), "");
}

}  // namespace
}  // namespace berth::cli
