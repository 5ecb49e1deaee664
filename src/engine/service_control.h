#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/container_store.h"
#include "engine/engine_context.h"
#include "engine/progress.h"
#include "spec/model.h"

namespace berth::engine {

enum class OneOffs { exclude, include };

// The project's service containers a verb acts on, in start order: all of them, or
// those of the named services (a name the stack does not declare is an error);
// one-off (`run`) containers too when included (`rm` does, like compose's).
std::vector<ContainerRecord> select_containers(EngineContext& context, const spec::Project& project,
                                               const std::vector<std::string>& services,
                                               OneOffs oneoffs = OneOffs::exclude);

// Replica `index` of `service` (exec, cp, attach); an error names what is missing.
ContainerRecord select_replica(EngineContext& context, const spec::Project& project,
                               const std::string& service, int index);

// The verbs on existing containers; each acts on all of them in parallel (start in
// dependency order), reports per container and throws naming every failure.
void stop_containers(EngineContext& context, const std::vector<ContainerRecord>& records,
                     std::optional<int> grace_ms, const ProgressSink& progress);
void start_containers(EngineContext& context, const spec::Project& project,
                      const std::vector<ContainerRecord>& records, const ProgressSink& progress);
void restart_containers(EngineContext& context, const spec::Project& project,
                        const std::vector<ContainerRecord>& records, std::optional<int> grace_ms,
                        const ProgressSink& progress);
void kill_containers(EngineContext& context, const std::vector<ContainerRecord>& records,
                     int signal, const ProgressSink& progress);
void pause_containers(EngineContext& context, const std::vector<ContainerRecord>& records,
                      bool paused, const ProgressSink& progress);
// Removes the containers that are not running (all of them after stopping when `stop`).
void remove_containers(EngineContext& context, const spec::Project& project,
                       const std::vector<ContainerRecord>& records, bool stop, bool remove_volumes,
                       const ProgressSink& progress);

}  // namespace berth::engine
