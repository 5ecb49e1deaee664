#include "cli/recreate_flags.h"

#include "util/error.h"

namespace berth::cli {

void apply_recreate_flags(engine::PlanOptions& plan, bool force_recreate, bool no_recreate,
                          bool always_recreate_deps) {
  if (force_recreate && no_recreate)
    throw Error("--force-recreate and --no-recreate cannot be combined");
  if (always_recreate_deps && no_recreate)
    throw Error("--always-recreate-deps and --no-recreate cannot be combined");
  plan.recreate = force_recreate ? engine::RecreatePolicy::always
                  : no_recreate  ? engine::RecreatePolicy::never
                                 : engine::RecreatePolicy::diverged;
  plan.dependency_recreate = no_recreate            ? engine::RecreatePolicy::never
                             : always_recreate_deps ? engine::RecreatePolicy::always
                                                    : engine::RecreatePolicy::diverged;
}

}  // namespace berth::cli
