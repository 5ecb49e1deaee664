#pragma once

#include <vector>

#include "engine/phase_timings.h"

namespace berth::cli {

// Whether the user asked for per-phase timings (--timings or BERTH_TIMINGS=1).
bool timings_requested(bool flag);

// One line per phase on stderr: "timing  <phase>  <ms> ms", then the total.
void print_timings(const std::vector<engine::PhaseTimings::Phase>& phases);

}  // namespace berth::cli
