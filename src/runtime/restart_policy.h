#pragma once

#include <cstdint>

#include "runtime/container_spec.h"

namespace berth::runtime {

// Whether the supervisor starts the process again after it exited with `exit_code`,
// having restarted it `restarts` times already; a stop asked for by the user never
// restarts (docker keeps such a container stopped until the next start).
bool should_restart(const RestartPolicy& policy, int exit_code, int restarts, bool stopped_by_user);

// Docker's back-off: 100 ms doubling per consecutive restart up to one minute, back to
// the start once a run lasted at least ten seconds.
class RestartBackoff {
 public:
  // Delay before the next start, given how long the last run lasted.
  std::int64_t next_delay_ms(std::int64_t last_run_ms);

 private:
  std::int64_t delay_ms_ = 0;
};

}  // namespace berth::runtime
