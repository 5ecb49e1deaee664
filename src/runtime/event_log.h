#pragma once

#include <map>
#include <optional>
#include <string>

namespace berth::runtime {

// One container lifecycle event, as `berth events` shows it: docker's actions
// (create, start, die, stop, kill, pause, unpause, restart, destroy,
// "health_status: healthy") and their attributes (name, image, exitCode, signal).
struct ContainerEvent {
  std::string time;  // RFC 3339 UTC with nanoseconds
  std::string project;
  std::string service;
  std::string container;
  std::string action;
  std::map<std::string, std::string> attributes;
  std::string id = {};  // the container's 64-hex id (none in lines written before ids)
};

// The state root's event log: one JSON line per event, appended with one write by
// whoever causes the event (a berth command or a supervisor) and never read back by
// them, so recording costs one small write. Past kEventLogMaxBytes it moves to
// <path>.1, replacing the older one.
inline constexpr long kEventLogMaxBytes = 1 << 20;

// Appends the event (stamped now when its time is empty). Losing an event is not worth
// failing the operation that caused it, so errors are ignored.
void record_event(const std::string& path, ContainerEvent event);

std::string event_line(const ContainerEvent& event);
std::optional<ContainerEvent> parse_event_line(const std::string& line);

}  // namespace berth::runtime
