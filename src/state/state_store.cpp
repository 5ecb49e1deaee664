#include "state/state_store.h"

#include <sys/random.h>

#include <array>
#include <cstdio>

#include "util/error.h"

namespace berth::state {

namespace {
constexpr size_t kRootIdBytes = 3;  // six hex digits: fits interface names (IFNAMSIZ 15)

std::string random_hex(size_t bytes) {
  std::array<unsigned char, 16> buffer{};
  if (::getrandom(buffer.data(), bytes, 0) != static_cast<ssize_t>(bytes))
    throw_errno("reading random bytes");
  std::string hex;
  for (size_t i = 0; i < bytes; ++i) {
    char digits[3];
    std::snprintf(digits, sizeof digits, "%02x", buffer[i]);
    hex += digits;
  }
  return hex;
}
}  // namespace

const std::vector<Migration>& core_migrations() {
  static const std::vector<Migration> migrations = {
      {"core", 1,
       "CREATE TABLE root_identity ("
       " singleton INTEGER PRIMARY KEY CHECK (singleton = 1),"
       " id TEXT NOT NULL,"
       " created_at INTEGER NOT NULL DEFAULT (unixepoch()))"},
  };
  return migrations;
}

StateStore::StateStore(const Locations& locations)
    : locations_(locations), db_(Database::open(locations.database())) {
  apply_migrations(db_, core_migrations());
  db_.execute("INSERT OR IGNORE INTO root_identity(singleton, id) VALUES(1, ?)",
              {random_hex(kRootIdBytes)});
  root_id_ = std::get<std::string>(*db_.query_value("SELECT id FROM root_identity"));
}

}  // namespace berth::state
