#pragma once

#include <vector>

#include "engine/engine_context.h"
#include "engine/progress.h"
#include "engine/stack_plan.h"
#include "spec/model.h"

namespace berth::engine {

// Makes the networks a plan creates (bridge, addresses, firewall), reporting each.
void create_networks(EngineContext& context, const spec::Project& project,
                     const std::vector<NetworkStep>& steps, const ProgressSink& progress);

}  // namespace berth::engine
