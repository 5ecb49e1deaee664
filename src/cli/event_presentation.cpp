#include "cli/event_presentation.h"

namespace berth::cli {

namespace {
// "2024-05-01T12:00:00.123456789Z" -> "2024-05-01 12:00:00.123456"
std::string text_time(const std::string& rfc3339) {
  std::string text = rfc3339;
  if (text.size() > 10 && text[10] == 'T') text[10] = ' ';
  if (!text.empty() && text.back() == 'Z') text.pop_back();
  auto dot = text.find('.');
  if (dot == std::string::npos) return text + ".000000";
  text.resize(dot + 7, '0');
  return text;
}

// What docker shows as a container's id; a line from before ids has the name.
const std::string& id_of(const runtime::ContainerEvent& event) {
  return event.id.empty() ? event.container : event.id;
}
}  // namespace

std::string event_text(const runtime::ContainerEvent& event) {
  std::string attributes;
  for (const auto& [key, value] : event.attributes)
    attributes += (attributes.empty() ? "" : ", ") + key + "=" + value;
  return text_time(event.time) + " container " + event.action + " " + id_of(event) + " (" +
         attributes + ")";
}

nlohmann::json event_json(const runtime::ContainerEvent& event) {
  return {{"time", event.time}, {"type", "container"},    {"service", event.service},
          {"id", id_of(event)}, {"action", event.action}, {"attributes", event.attributes}};
}

}  // namespace berth::cli
