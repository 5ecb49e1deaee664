#pragma once

#include <time.h>

#include <cstdint>

namespace berth::runtime {

// Milliseconds of the monotonic clock, for the supervisor's and the init's timers.
inline std::int64_t monotonic_ms() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1'000'000;
}

}  // namespace berth::runtime
