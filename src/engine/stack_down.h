#pragma once

#include <optional>
#include <string>

#include "engine/engine_context.h"
#include "engine/progress.h"
#include "spec/model.h"

namespace berth::engine {

struct DownOptions {
  bool remove_volumes = false;  // -v: the project's named and anonymous volumes, never external
  bool remove_orphans = false;
  std::optional<int> grace_ms;  // -t
};

// Stops and removes the project's containers (dependents first), then its
// networks, then (with -v) its volumes. Works from the state db, so it also
// tears down what a killed `up` left half made.
void down(EngineContext& context, const spec::Project& project, const DownOptions& options,
          const ProgressSink& progress);

}  // namespace berth::engine
