#include "runtime/restart_policy.h"

#include <algorithm>

namespace berth::runtime {

namespace {
constexpr std::int64_t kFirstDelayMs = 100;
constexpr std::int64_t kMaxDelayMs = 60'000;
constexpr std::int64_t kHealthyRunMs = 10'000;
}  // namespace

bool should_restart(const RestartPolicy& policy, int exit_code, int restarts,
                    bool stopped_by_user) {
  if (stopped_by_user) return false;
  switch (policy.kind) {
    case RestartPolicy::Kind::no:
      return false;
    case RestartPolicy::Kind::always:
    case RestartPolicy::Kind::unless_stopped:
      return true;
    case RestartPolicy::Kind::on_failure:
      return exit_code != 0 && (policy.max_retries <= 0 || restarts < policy.max_retries);
  }
  return false;
}

std::int64_t RestartBackoff::next_delay_ms(std::int64_t last_run_ms) {
  if (last_run_ms >= kHealthyRunMs || delay_ms_ == 0)
    delay_ms_ = kFirstDelayMs;
  else
    delay_ms_ = std::min(delay_ms_ * 2, kMaxDelayMs);
  return delay_ms_;
}

}  // namespace berth::runtime
