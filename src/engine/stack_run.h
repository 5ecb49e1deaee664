#pragma once

#include <optional>
#include <string>

#include "engine/container_store.h"
#include "engine/engine_context.h"
#include "engine/oneoff_service.h"
#include "engine/progress.h"
#include "spec/model.h"

namespace berth::engine {

struct RunOptions {
  std::string service;
  OneoffOverrides overrides;  // its name is chosen here when left empty
  bool no_deps = false;
  std::optional<std::string> pull;
  bool quiet_pull = false;      // no progress lines for images
  bool use_aliases = false;     // answer to the service's name and aliases too
  bool remove_orphans = false;  // remove containers of services no longer in the stack
};

// The first half of `berth run`, as docker compose does it: the service's
// dependencies brought up (unless --no-deps) and their depends_on gates passed,
// then the one-off container created, not started, named
// <project>-<service>-run-<12 hex> unless named. The caller starts it (attached
// or not) and removes it for --rm.
ContainerRecord create_oneoff(EngineContext& context, const spec::Project& project,
                              const RunOptions& options, const ProgressSink& progress);

}  // namespace berth::engine
