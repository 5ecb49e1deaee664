#include <gtest/gtest.h>

#include "cli/event_presentation.h"

namespace berth::cli {
namespace {

TEST(EventPresentation, PrintsComposesTextLineAndJson) {
  runtime::ContainerEvent event{
      "2024-05-01T12:00:00.123456789Z",        "p", "web", "p-web-1", "die",
      {{"name", "p-web-1"}, {"exitCode", "3"}}};
  // A line written before containers had ids shows the name in the id's place.
  EXPECT_EQ(event_text(event),
            "2024-05-01 12:00:00.123456 container die p-web-1 (exitCode=3, name=p-web-1)");
  EXPECT_EQ(event_json(event)["id"], "p-web-1");
  event.id = std::string(64, 'a');
  EXPECT_EQ(event_text(event),
            "2024-05-01 12:00:00.123456 container die " + event.id + " (exitCode=3, name=p-web-1)");
  auto json = event_json(event);
  EXPECT_EQ(json["id"], event.id);
  EXPECT_EQ(json["service"], "web");
  EXPECT_EQ(json["type"], "container");
  EXPECT_EQ(json["action"], "die");
  EXPECT_EQ(json["attributes"]["exitCode"], "3");
  event.time = "2024-05-01T12:00:00Z";
  EXPECT_EQ(event_text(event).substr(0, 26), "2024-05-01 12:00:00.000000");
}

}  // namespace
}  // namespace berth::cli
