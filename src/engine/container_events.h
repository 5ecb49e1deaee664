#pragma once

#include <map>
#include <string>

#include "engine/container_store.h"
#include "engine/engine_context.h"

namespace berth::engine {

// Records an event a berth command caused to a container (the supervisor records
// start, die and health changes itself).
void record_container_event(const EngineContext& context, const ContainerRecord& record,
                            const std::string& action,
                            std::map<std::string, std::string> attributes = {});

}  // namespace berth::engine
