#pragma once

#include <vector>

#include "state/migrations.h"

namespace berth::storage {

// The tables of component "storage": images, their names and layers, volumes.
const std::vector<state::Migration>& storage_migrations();

}  // namespace berth::storage
