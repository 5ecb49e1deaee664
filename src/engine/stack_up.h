#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/container_plan.h"
#include "engine/engine_context.h"
#include "engine/graph_executor.h"
#include "engine/phase_timings.h"
#include "engine/progress.h"
#include "spec/model.h"

namespace berth::engine {

struct UpOptions {
  PlanOptions plan;
  std::vector<std::string> services;  // only these (and their dependencies); empty: all
  bool no_deps = false;
  std::map<std::string, int> scale;  // --scale SVC=N
  bool wait = false;                 // --wait: until running/healthy/completed
  std::optional<std::chrono::milliseconds> wait_timeout;
  std::optional<std::string> pull;       // --pull always|missing|never; else each pull_policy
  bool renew_anonymous_volumes = false;  // -V: a recreated container gets fresh ones
};

struct UpResult {
  std::vector<TaskOutcome> services;
  std::vector<PhaseTimings::Phase> timings;
  bool succeeded() const;
  std::string failure_summary() const;  // one line naming each failed service
};

// Brings the project to its desired state: images resolved and networks made
// before any container, then every service in dependency order, independent
// branches in parallel, gated by depends_on conditions.
UpResult up(EngineContext& context, const spec::Project& project, const UpOptions& options,
            const ProgressSink& progress);

// Warns of the plan's orphans and removes those it removes (--remove-orphans).
void settle_orphans(EngineContext& context, const spec::Project& project,
                    const std::vector<ContainerStep>& steps, const ProgressSink& progress);

}  // namespace berth::engine
