#include "cli/ps_presentation.h"

#include <ctime>

namespace berth::cli {

std::string human_duration(std::chrono::seconds duration) {
  long long seconds = duration.count();
  auto count = [](long long n, const char* unit) { return std::to_string(n) + " " + unit; };
  if (seconds < 1) return "Less than a second";
  if (seconds == 1) return "1 second";
  if (seconds < 60) return count(seconds, "seconds");
  long long minutes = seconds / 60;
  if (minutes == 1) return "About a minute";
  if (minutes < 60) return count(minutes, "minutes");
  auto hours = static_cast<long long>(static_cast<double>(seconds) / 3600 + 0.5);
  if (hours == 1) return "About an hour";
  if (hours < 48) return count(hours, "hours");
  if (hours < 24 * 7 * 2) return count(hours / 24, "days");
  if (hours < 24 * 30 * 2) return count(hours / 24 / 7, "weeks");
  if (hours < 24 * 365 * 2) return count(hours / 24 / 30, "months");
  return count(seconds / 3600 / 24 / 365, "years");
}

long long epoch_of(const std::string& timestamp) {
  std::tm parts{};
  if (timestamp.size() < 19 ||
      !::strptime(timestamp.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &parts))
    return 0;
  return static_cast<long long>(::timegm(&parts));
}

std::string status_line(const runtime::ContainerState& state, long long now) {
  auto since = [&](const std::string& timestamp) {
    long long at = epoch_of(timestamp);
    return human_duration(std::chrono::seconds(at > 0 && now > at ? now - at : 0));
  };
  std::string exit = "(" + std::to_string(state.exit_code) + ") ";
  if (state.status == "exited") return "Exited " + exit + since(state.finished_at) + " ago";
  if (state.status == "restarting") return "Restarting " + exit + since(state.finished_at) + " ago";
  if (state.status == "created") return "Created";
  std::string line = "Up " + since(state.started_at);
  if (state.status == "paused") return line + " (Paused)";
  if (!state.health.empty())
    line += state.health == "starting" ? " (health: starting)" : " (" + state.health + ")";
  return line;
}

std::string ports_text(const std::vector<network::PortMapping>& ports) {
  std::string text;
  for (const auto& port : ports) {
    std::string host = port.ipv6() ? "[" + port.host_ip_text() + "]" : port.host_ip_text();
    text += (text.empty() ? "" : ", ") + host + ":" + std::to_string(port.host_port) + "->" +
            std::to_string(port.target_port) + "/" + network::to_string(port.protocol);
  }
  return text;
}

nlohmann::json publishers_json(const std::vector<network::PortMapping>& ports) {
  nlohmann::json publishers = nlohmann::json::array();
  for (const auto& port : ports)
    publishers.push_back({{"URL", port.host_ip_text()},
                          {"TargetPort", port.target_port},
                          {"PublishedPort", port.host_port},
                          {"Protocol", network::to_string(port.protocol)}});
  return publishers;
}

std::string ellipsis(const std::string& text, size_t width) {
  // Counted in characters, so a cut never splits a UTF-8 sequence.
  auto starts_character = [](char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  };
  size_t characters = 0, keep = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    if (!starts_character(text[i])) continue;
    if (characters == width - 1) keep = i;
    if (++characters > width) return text.substr(0, keep) + "…";
  }
  return text;
}

std::string command_cell(const std::vector<std::string>& args) {
  std::string command;
  for (const auto& arg : args) command += (command.empty() ? "" : " ") + arg;
  return "\"" + ellipsis(command, 20) + "\"";
}

std::string mounts_text(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ",") + ellipsis(name, 15);
  return text;
}

}  // namespace berth::cli
