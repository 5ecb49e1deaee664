#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "network/port_mapping.h"
#include "runtime/container_state.h"

// How `berth ps` shows a container: docker compose's columns and JSON keys.
namespace berth::cli {

// docker's units.HumanDuration: "Less than a second", "5 seconds", "About a
// minute", "3 hours", "2 days", "3 weeks", ...
std::string human_duration(std::chrono::seconds duration);

// Seconds since the epoch of a state timestamp ("2026-12-03T08:13:01.5Z"); 0 if unset.
long long epoch_of(const std::string& timestamp);

// docker's STATUS: "Up 5 seconds (healthy)", "Up 1 second (Paused)",
// "Exited (0) 3 seconds ago", "Restarting (1) 2 seconds ago", "Created".
std::string status_line(const runtime::ContainerState& state, long long now);

// "127.0.0.1:8080->80/tcp, [::]:8080->80/tcp", as docker lists published ports.
std::string ports_text(const std::vector<network::PortMapping>& ports);
// compose's Publishers: [{"URL", "TargetPort", "PublishedPort", "Protocol"}].
nlohmann::json publishers_json(const std::vector<network::PortMapping>& ports);

// docker's Ellipsis: `text` when it has at most `width` characters, else its
// first width - 1 and "…".
std::string ellipsis(const std::string& text, size_t width);
// The command as docker's table shows it: quoted, cut to 20 characters with "…".
std::string command_cell(const std::vector<std::string>& args);
// docker's Mounts: each volume name or bind source cut to 15 characters, joined by ",".
std::string mounts_text(const std::vector<std::string>& names);

}  // namespace berth::cli
