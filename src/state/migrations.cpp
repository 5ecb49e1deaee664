#include "state/migrations.h"

#include <map>

#include "util/error.h"

namespace berth::state {

namespace {
void ensure_version_table(Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      " component TEXT PRIMARY KEY,"
      " version INTEGER NOT NULL)");
}
}  // namespace

int schema_version(Database& db, const std::string& component) {
  ensure_version_table(db);
  auto value =
      db.query_value("SELECT version FROM schema_version WHERE component = ?", {component});
  return value ? static_cast<int>(std::get<std::int64_t>(*value)) : 0;
}

void apply_migrations(Database& db, const std::vector<Migration>& migrations) {
  ensure_version_table(db);
  std::map<std::string, int> expected_next;
  for (const auto& migration : migrations) {
    auto [it, inserted] = expected_next.try_emplace(migration.component, 1);
    if (migration.version != it->second)
      throw Error("schema migration out of order: expected version " + std::to_string(it->second) +
                      ", got " + std::to_string(migration.version),
                  migration.component);
    ++it->second;

    Transaction tx(db);
    if (schema_version(db, migration.component) >= migration.version) continue;
    db.exec(migration.sql);
    db.execute(
        "INSERT INTO schema_version(component, version) VALUES(?, ?) "
        "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
        {migration.component, static_cast<std::int64_t>(migration.version)});
    tx.commit();
  }
}

}  // namespace berth::state
