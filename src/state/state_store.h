#pragma once

#include <string>
#include <vector>

#include "state/database.h"
#include "state/migrations.h"
#include "util/locations.h"

namespace berth::state {

// The state database of one state root, with the core schema applied.
// Each layer passes its own migrations through apply_migrations().
class StateStore {
 public:
  explicit StateStore(const Locations& locations);

  Database& db() { return db_; }
  const Locations& locations() const { return locations_; }

  // A short random id of this state root, made once when the database is created.
  // Kernel object names carry it so a gc under one root never touches another's.
  const std::string& root_id() const { return root_id_; }

 private:
  Locations locations_;
  Database db_;
  std::string root_id_;
};

// The core schema (root identity); exposed so tests can apply it to any database.
const std::vector<Migration>& core_migrations();

}  // namespace berth::state
