#include "engine/container_store.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "state/migrations.h"

namespace berth::engine {

namespace {
const std::vector<state::Migration>& engine_migrations() {
  static const std::vector<state::Migration> migrations = {
      {"engine", 1,
       "CREATE TABLE projects ("
       " name TEXT PRIMARY KEY,"
       " working_dir TEXT NOT NULL,"
       " config_files TEXT NOT NULL);"
       "CREATE TABLE containers ("
       " name TEXT PRIMARY KEY,"
       " project TEXT NOT NULL,"
       " service TEXT NOT NULL,"
       " number INTEGER NOT NULL,"
       " oneoff INTEGER NOT NULL,"
       " config_hash TEXT NOT NULL,"
       " image_id TEXT NOT NULL,"
       " networks TEXT NOT NULL,"
       " volumes TEXT NOT NULL,"
       " labels TEXT NOT NULL,"
       " netns_path TEXT NOT NULL,"
       " created_at INTEGER NOT NULL);"
       "CREATE INDEX containers_project ON containers(project, service, number);"},
      // A docker-shaped id per container, for ps's ID; rows from before get one.
      {"engine", 2,
       "ALTER TABLE containers ADD COLUMN id TEXT NOT NULL DEFAULT '';"
       "UPDATE containers SET id = lower(hex(randomblob(32)));"},
      // The subordinate ids of a userns_mode: auto container (size 0: none).
      {"engine", 3,
       "ALTER TABLE containers ADD COLUMN userns_uid INTEGER NOT NULL DEFAULT 0;"
       "ALTER TABLE containers ADD COLUMN userns_gid INTEGER NOT NULL DEFAULT 0;"
       "ALTER TABLE containers ADD COLUMN userns_size INTEGER NOT NULL DEFAULT 0;"},
  };
  return migrations;
}

std::string to_json_text(const std::set<std::string>& values) {
  return nlohmann::json(values).dump();
}
}  // namespace

ContainerStore::ContainerStore(state::Database& db) : db_(db) {
  state::apply_migrations(db_, engine_migrations());
}

void ContainerStore::save_project(const ProjectRecord& project) {
  db_.execute(
      "INSERT INTO projects(name, working_dir, config_files) VALUES(?, ?, ?) "
      "ON CONFLICT(name) DO UPDATE SET working_dir = excluded.working_dir, "
      "config_files = excluded.config_files",
      {project.name, project.working_dir, project.config_files});
}

std::vector<ProjectRecord> ContainerStore::projects() {
  auto statement =
      db_.prepare("SELECT name, working_dir, config_files FROM projects ORDER BY name");
  std::vector<ProjectRecord> result;
  while (statement.step())
    result.push_back(
        {statement.column_text(0), statement.column_text(1), statement.column_text(2)});
  return result;
}

void ContainerStore::remove_project(const std::string& name) {
  db_.execute("DELETE FROM projects WHERE name = ?", {name});
}

void ContainerStore::save(const ContainerRecord& c) {
  long long created = c.created_at ? c.created_at : static_cast<long long>(std::time(nullptr));
  db_.execute(
      "INSERT OR REPLACE INTO containers(id, name, project, service, number, oneoff, config_hash, "
      "image_id, networks, volumes, labels, netns_path, created_at, userns_uid, userns_gid, "
      "userns_size) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {c.id, c.name, c.project, c.service, static_cast<std::int64_t>(c.number),
       static_cast<std::int64_t>(c.oneoff), c.config_hash, c.image_id, to_json_text(c.networks),
       to_json_text(c.volumes), nlohmann::json(c.labels).dump(), c.netns_path,
       static_cast<std::int64_t>(created),
       static_cast<std::int64_t>(c.userns ? c.userns->host_uid : 0),
       static_cast<std::int64_t>(c.userns ? c.userns->host_gid : 0),
       static_cast<std::int64_t>(c.userns ? c.userns->size : 0)});
}

std::vector<ContainerRecord> ContainerStore::query(const std::string& where,
                                                   const std::vector<state::Value>& args) {
  auto statement = db_.prepare(
      "SELECT name, project, service, number, oneoff, config_hash, image_id, networks, volumes, "
      "labels, netns_path, created_at, id, userns_uid, userns_gid, userns_size FROM containers " +
      where + " ORDER BY service, number");
  statement.bind_all(args);
  std::vector<ContainerRecord> result;
  while (statement.step()) {
    ContainerRecord c;
    c.name = statement.column_text(0);
    c.project = statement.column_text(1);
    c.service = statement.column_text(2);
    c.number = static_cast<int>(statement.column_int(3));
    c.oneoff = statement.column_int(4) != 0;
    c.config_hash = statement.column_text(5);
    c.image_id = statement.column_text(6);
    c.networks = nlohmann::json::parse(statement.column_text(7)).get<std::set<std::string>>();
    c.volumes = nlohmann::json::parse(statement.column_text(8)).get<std::set<std::string>>();
    c.labels =
        nlohmann::json::parse(statement.column_text(9)).get<std::map<std::string, std::string>>();
    c.netns_path = statement.column_text(10);
    c.created_at = statement.column_int(11);
    c.id = statement.column_text(12);
    if (auto size = statement.column_int(15); size > 0)
      c.userns = IdMapping{static_cast<std::uint32_t>(statement.column_int(13)),
                           static_cast<std::uint32_t>(statement.column_int(14)),
                           static_cast<std::uint32_t>(size)};
    result.push_back(std::move(c));
  }
  return result;
}

std::optional<ContainerRecord> ContainerStore::find(const std::string& name) {
  auto found = query("WHERE name = ?", {name});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<ContainerRecord> ContainerStore::of_project(const std::string& project) {
  return query("WHERE project = ?", {project});
}

std::vector<ContainerRecord> ContainerStore::all() { return query("", {}); }

void ContainerStore::remove(const std::string& name) {
  db_.execute("DELETE FROM containers WHERE name = ?", {name});
}

ExistingContainer as_existing(const ContainerRecord& record, bool running) {
  return {record.name,     record.service, record.number, record.config_hash, record.image_id,
          record.networks, record.volumes, running,       record.oneoff};
}

}  // namespace berth::engine
