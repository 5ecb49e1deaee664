#include "engine/service_settings.h"

#include <array>
#include <charconv>
#include <chrono>

#include "util/error.h"

namespace berth::engine {

namespace {
constexpr std::array<std::pair<const char*, int>, 20> kSignals = {{
    {"HUP", 1},   {"INT", 2},   {"QUIT", 3},  {"ILL", 4},   {"TRAP", 5},
    {"ABRT", 6},  {"BUS", 7},   {"FPE", 8},   {"KILL", 9},  {"USR1", 10},
    {"SEGV", 11}, {"USR2", 12}, {"PIPE", 13}, {"ALRM", 14}, {"TERM", 15},
    {"CHLD", 17}, {"CONT", 18}, {"STOP", 19}, {"TSTP", 20}, {"WINCH", 28},
}};

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::int64_t milliseconds(const std::optional<spec::Duration>& duration, std::int64_t fallback) {
  if (!duration) return fallback;
  return std::chrono::duration_cast<std::chrono::milliseconds>(*duration).count();
}
}  // namespace

int parse_signal(const std::string& text) {
  if (auto number = parse_int(text); number && *number > 0 && *number < 65) return *number;
  std::string name = text.rfind("SIG", 0) == 0 ? text.substr(3) : text;
  for (const auto& [known, number] : kSignals)
    if (name == known) return number;
  throw Error("unknown signal", text);
}

runtime::RestartPolicy parse_restart_policy(const std::string& text) {
  using Kind = runtime::RestartPolicy::Kind;
  if (text.empty() || text == "no") return {Kind::no, 0};
  if (text == "always") return {Kind::always, 0};
  if (text == "unless-stopped") return {Kind::unless_stopped, 0};
  if (text == "on-failure") return {Kind::on_failure, 0};
  if (text.rfind("on-failure:", 0) == 0)
    if (auto retries = parse_int(text.substr(11)); retries && *retries >= 0)
      return {Kind::on_failure, *retries};
  throw Error("unknown restart policy (expected no, always, on-failure[:N] or unless-stopped)",
              text);
}

std::optional<runtime::HealthcheckSpec> healthcheck_of(const spec::Service& service) {
  if (!service.healthcheck) return std::nullopt;
  const auto& check = *service.healthcheck;
  if (check.disable || check.test.empty() || check.test.front() == "NONE") return std::nullopt;
  runtime::HealthcheckSpec result;
  result.test = check.test;
  result.interval_ms = milliseconds(check.interval, result.interval_ms);
  result.timeout_ms = milliseconds(check.timeout, result.timeout_ms);
  result.start_period_ms = milliseconds(check.start_period, result.start_period_ms);
  result.start_interval_ms = milliseconds(check.start_interval, result.start_interval_ms);
  if (check.retries) result.retries = static_cast<int>(*check.retries);
  return result;
}

runtime::Resources resources_of(const spec::Service& service) {
  runtime::Resources resources;
  resources.memory = service.mem_limit.value_or(service.limits.memory.value_or(0));
  resources.memory_swap = service.memswap_limit.value_or(0);
  resources.memory_reservation =
      service.mem_reservation.value_or(service.reservations.memory.value_or(0));
  resources.cpus = service.cpus.value_or(service.limits.cpus.value_or(0));
  resources.cpu_shares = service.cpu_shares.value_or(0);
  resources.cpuset = service.cpuset;
  resources.pids_limit = service.pids_limit.value_or(service.limits.pids.value_or(0));
  return resources;
}

std::optional<std::uint32_t> auto_userns_size(const spec::Service& service) {
  constexpr std::uint32_t kDefaultSize = 65536;  // podman's default for auto
  const std::string& mode = service.userns_mode;
  if (mode.empty() || mode == "host") return std::nullopt;
  if (mode == "auto") return kDefaultSize;
  const std::string prefix = "auto:size=";
  if (mode.rfind(prefix, 0) == 0) {
    std::uint32_t size = 0;
    auto digits = std::string_view(mode).substr(prefix.size());
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
    if (error == std::errc() && end == digits.data() + digits.size() && size > 0) return size;
  }
  throw Error(
      "userns_mode: " + mode + " is not supported by berth (it takes host, auto or auto:size=N)",
      service.name);
}

void require_supported(const spec::Service& service) { auto_userns_size(service); }

std::map<std::string, spec::ServiceNetwork> networks_of(const spec::Service& service) {
  const auto& mode = service.network_mode;
  if (!mode.empty() && mode != "bridge" && mode != "default") return {};
  if (service.networks.empty()) return {{"default", {}}};
  return service.networks;
}

}  // namespace berth::engine
