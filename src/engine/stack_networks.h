#pragma once

#include <vector>

#include "engine/engine_context.h"
#include "engine/progress.h"
#include "engine/stack_plan.h"
#include "spec/model.h"

namespace berth::engine {

// Takes down the networks a plan recreates, with the containers on them: the
// plan's steps for those containers become plain creates.
void remove_changed_networks(EngineContext& context, const spec::Project& project, StackPlan& plan,
                             const ProgressSink& progress);

// Makes the networks a plan creates or recreates (bridge, addresses, firewall),
// reporting each. A DNS helper this starts is still coming up: await_dns()
// on the network manager before a container starts.
void create_networks(EngineContext& context, const spec::Project& project,
                     const std::vector<NetworkStep>& steps, const ProgressSink& progress);

}  // namespace berth::engine
