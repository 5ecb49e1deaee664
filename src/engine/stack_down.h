#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/engine_context.h"
#include "engine/phase_timings.h"
#include "engine/progress.h"
#include "spec/model.h"

namespace berth::engine {

enum class ImageRemoval { none, local, all };  // --rmi

struct DownOptions {
  bool remove_volumes = false;  // -v: the project's named and anonymous volumes, never external
  bool remove_orphans = false;
  std::optional<int> grace_ms;  // -t
  // local: the images compose names after the service (no `image:`); all: every
  // image the stack uses. An image a remaining container uses stays.
  ImageRemoval remove_images = ImageRemoval::none;
};

// Stops and removes the project's containers (dependents first), then its
// networks, then (with -v) its volumes and (with --rmi) its images. Works from the state db, so it
// also tears down what a killed `up` left half made. Returns how long each phase took.
std::vector<PhaseTimings::Phase> down(EngineContext& context, const spec::Project& project,
                                      const DownOptions& options, const ProgressSink& progress);

}  // namespace berth::engine
