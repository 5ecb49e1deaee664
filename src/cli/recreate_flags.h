#pragma once

#include "engine/container_plan.h"

namespace berth::cli {

// --force-recreate, --no-recreate and --always-recreate-deps (up, create) as the
// plan's recreate policies; the combinations compose refuses fail here.
void apply_recreate_flags(engine::PlanOptions& plan, bool force_recreate, bool no_recreate,
                          bool always_recreate_deps);

}  // namespace berth::cli
