#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/container_spec.h"
#include "runtime/container_state.h"

namespace berth::runtime {

// Docker's healthcheck state machine, independent of how checks are run.
class HealthMonitor {
 public:
  // `started_ms` is when the container's process started (monotonic milliseconds).
  HealthMonitor(HealthcheckSpec spec, std::int64_t started_ms);

  // The command to run for a check, or nothing for NONE / an empty test.
  static std::optional<std::vector<std::string>> command(const HealthcheckSpec& spec);

  std::int64_t next_check_ms() const { return next_check_ms_; }
  // Records one finished check (timed_out counts as a failure) and schedules the next.
  void record(const HealthResult& result, bool timed_out, std::int64_t now_ms,
              ContainerState& state);

 private:
  bool in_start_period(std::int64_t now_ms) const;

  HealthcheckSpec spec_;
  std::int64_t started_ms_;
  std::int64_t next_check_ms_;
};

}  // namespace berth::runtime
