#include <gtest/gtest.h>

#include "cli/event_presentation.h"

namespace berth::cli {
namespace {

TEST(EventPresentation, PrintsComposesTextLineAndJson) {
  runtime::ContainerEvent event{
      "2024-05-01T12:00:00.123456789Z",        "p", "web", "p-web-1", "die",
      {{"name", "p-web-1"}, {"exitCode", "3"}}};
  EXPECT_EQ(event_text(event),
            "2024-05-01 12:00:00.123456 container die p-web-1 (exitCode=3, name=p-web-1)");
  auto json = event_json(event);
  EXPECT_EQ(json["id"], "p-web-1");
  EXPECT_EQ(json["service"], "web");
  EXPECT_EQ(json["type"], "container");
  EXPECT_EQ(json["action"], "die");
  EXPECT_EQ(json["attributes"]["exitCode"], "3");
  event.time = "2024-05-01T12:00:00Z";
  EXPECT_EQ(event_text(event).substr(0, 26), "2024-05-01 12:00:00.000000");
}

}  // namespace
}  // namespace berth::cli
