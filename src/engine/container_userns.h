#pragma once

#include <cstdint>
#include <vector>

#include "engine/berth_config.h"
#include "engine/container_store.h"
#include "util/user_namespace.h"

namespace berth::engine {

// The ids of a new `userns_mode: auto` container: `size` uids and gids from the
// ranges berth's config user holds in the subuid and subgid files, the lowest
// that no container of `existing` holds. Throws naming the file when the user
// has no range there or none is free. Callers hold the GlobalLock until the
// record carrying the result is saved.
IdMapping allocate_id_mapping(const BerthConfig& config,
                              const std::vector<ContainerRecord>& existing, std::uint32_t size);

}  // namespace berth::engine
