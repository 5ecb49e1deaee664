#include "runtime/health_monitor.h"

namespace berth::runtime {

namespace {
constexpr size_t kKeptResults = 5;
}

HealthMonitor::HealthMonitor(HealthcheckSpec spec, std::int64_t started_ms)
    : spec_(std::move(spec)), started_ms_(started_ms) {
  // During the start period docker probes every start_interval, afterwards every interval.
  next_check_ms_ =
      started_ms + (spec_.start_period_ms > 0 ? std::min(spec_.start_interval_ms, spec_.interval_ms)
                                              : spec_.interval_ms);
}

std::optional<std::vector<std::string>> HealthMonitor::command(const HealthcheckSpec& spec) {
  if (spec.test.empty() || spec.test[0] == "NONE") return std::nullopt;
  if (spec.test[0] == "CMD")
    return std::vector<std::string>(spec.test.begin() + 1, spec.test.end());
  if (spec.test[0] == "CMD-SHELL" && spec.test.size() >= 2)
    return std::vector<std::string>{"/bin/sh", "-c", spec.test[1]};
  // The string form of compose: a shell command.
  std::string joined;
  for (const auto& part : spec.test) joined += (joined.empty() ? "" : " ") + part;
  return std::vector<std::string>{"/bin/sh", "-c", joined};
}

bool HealthMonitor::in_start_period(std::int64_t now_ms) const {
  return now_ms < started_ms_ + spec_.start_period_ms;
}

void HealthMonitor::record(const HealthResult& result, bool timed_out, std::int64_t now_ms,
                           ContainerState& state) {
  state.health_log.push_back(result);
  if (state.health_log.size() > kKeptResults) state.health_log.erase(state.health_log.begin());
  if (!timed_out && result.exit_code == 0) {
    state.health = "healthy";
    state.failing_streak = 0;
  } else if (!(in_start_period(now_ms) && state.health == "starting")) {
    // Failures inside the start period do not count while the container is starting.
    if (++state.failing_streak >= spec_.retries) state.health = "unhealthy";
  }
  bool starting = in_start_period(now_ms) && state.health == "starting";
  next_check_ms_ = now_ms + (starting ? spec_.start_interval_ms : spec_.interval_ms);
}

}  // namespace berth::runtime
