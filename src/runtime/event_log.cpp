#include "runtime/event_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "runtime/json_log.h"
#include "util/unique_fd.h"

namespace berth::runtime {

std::string event_line(const ContainerEvent& event) {
  nlohmann::json json = {{"time", event.time},
                         {"project", event.project},
                         {"service", event.service},
                         {"container", event.container},
                         {"action", event.action},
                         {"attributes", event.attributes},
                         {"id", event.id}};
  return json.dump() + "\n";
}

std::optional<ContainerEvent> parse_event_line(const std::string& line) {
  auto json = nlohmann::json::parse(line, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  ContainerEvent event;
  event.time = json.value("time", "");
  event.project = json.value("project", "");
  event.service = json.value("service", "");
  event.container = json.value("container", "");
  event.action = json.value("action", "");
  event.id = json.value("id", "");
  if (json.contains("attributes") && json["attributes"].is_object())
    for (const auto& [key, value] : json["attributes"].items())
      if (value.is_string()) event.attributes[key] = value.get<std::string>();
  if (event.action.empty()) return std::nullopt;
  return event;
}

void record_event(const std::string& path, ContainerEvent event) {
  if (event.time.empty()) event.time = timestamp_now();
  auto line = event_line(event);
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
  if (!fd) return;
  if (::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size())) return;
  struct stat info {};
  if (::fstat(fd.get(), &info) == 0 && info.st_size > kEventLogMaxBytes)
    std::rename(path.c_str(), (path + ".1").c_str());
}

}  // namespace berth::runtime
