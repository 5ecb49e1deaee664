#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "runtime/event_log.h"

// How `berth events` prints an event: docker compose's text line and JSON object.
namespace berth::cli {

// "2024-05-01 12:00:00.123456 container die web-1 (exitCode=0, name=web-1)"
std::string event_text(const runtime::ContainerEvent& event);
// {"time","type","service","id","action","attributes"}
nlohmann::json event_json(const runtime::ContainerEvent& event);

}  // namespace berth::cli
