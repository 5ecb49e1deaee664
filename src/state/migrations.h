#pragma once

#include <string>
#include <vector>

#include "state/database.h"

namespace berth::state {

// One step of one component's schema. Each layer owns its tables and numbers its
// own steps from 1, so layers evolve their schemas independently.
struct Migration {
  std::string component;  // "core", "network", "storage", ...
  int version;
  std::string sql;
};

// Applies, in one transaction per step, every migration newer than the version
// recorded for its component. Steps of a component must be given in order.
void apply_migrations(Database& db, const std::vector<Migration>& migrations);

// The version recorded for a component; 0 when none was applied.
int schema_version(Database& db, const std::string& component);

}  // namespace berth::state
