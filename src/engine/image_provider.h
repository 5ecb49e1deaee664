#pragma once

#include <set>
#include <string>

#include "engine/engine_context.h"
#include "engine/progress.h"
#include "engine/stack_up.h"
#include "spec/model.h"

namespace berth::engine {

// Puts the images of the selected services in the store as their pull policy
// (or --pull) says: compose's default pulls only what is missing. A service that
// only has `build:` is left for the plan to reject.
void provide_images(EngineContext& context, const spec::Project& project,
                    const std::set<std::string>& services, const UpOptions& options,
                    const ProgressSink& progress);

}  // namespace berth::engine
