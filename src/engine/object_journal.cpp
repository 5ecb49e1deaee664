#include "engine/object_journal.h"

#include <array>
#include <utility>

#include "state/migrations.h"
#include "util/error.h"

namespace berth::engine {

namespace {
constexpr std::array<std::pair<ObjectKind, const char*>, 7> kKindNames = {{
    {ObjectKind::netns, "netns"},
    {ObjectKind::cgroup, "cgroup"},
    {ObjectKind::rootfs_mount, "rootfs_mount"},
    {ObjectKind::veth, "veth"},
    {ObjectKind::bridge, "bridge"},
    {ObjectKind::firewall_element, "firewall_element"},
    {ObjectKind::supervisor, "supervisor"},
}};

const std::vector<state::Migration>& journal_migrations() {
  static const std::vector<state::Migration> migrations = {
      {"engine_journal", 1,
       "CREATE TABLE kernel_objects ("
       " kind TEXT NOT NULL,"
       " name TEXT NOT NULL,"
       " project TEXT NOT NULL,"
       " owner TEXT NOT NULL DEFAULT '',"
       " phase TEXT NOT NULL CHECK (phase IN ('intended', 'confirmed')),"
       " seq INTEGER NOT NULL,"
       " PRIMARY KEY (kind, name));"
       "CREATE INDEX kernel_objects_owner ON kernel_objects(project, owner);"},
  };
  return migrations;
}
}  // namespace

std::string to_string(ObjectKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "unknown";
}

ObjectKind object_kind_from_string(const std::string& text) {
  for (const auto& [kind, name] : kKindNames)
    if (text == name) return kind;
  throw Error("state database holds an unknown kernel object kind", text);
}

ObjectJournal::ObjectJournal(state::Database& db) : db_(db) {
  state::apply_migrations(db_, journal_migrations());
}

void ObjectJournal::intend(ObjectKind kind, const std::string& name, const std::string& project,
                           const std::string& owner) {
  // seq keeps creation order, so teardown can walk it backwards.
  db_.execute(
      "INSERT INTO kernel_objects(kind, name, project, owner, phase, seq) "
      "VALUES(?, ?, ?, ?, 'intended', (SELECT coalesce(max(seq), 0) + 1 FROM kernel_objects)) "
      "ON CONFLICT(kind, name) DO UPDATE SET project = excluded.project, owner = excluded.owner",
      {to_string(kind), name, project, owner});
}

void ObjectJournal::confirm(ObjectKind kind, const std::string& name) {
  if (db_.execute("UPDATE kernel_objects SET phase = 'confirmed' WHERE kind = ? AND name = ?",
                  {to_string(kind), name}) == 0)
    throw Error("confirming a kernel object that was never intended", to_string(kind) + " " + name);
}

void ObjectJournal::forget(ObjectKind kind, const std::string& name) {
  db_.execute("DELETE FROM kernel_objects WHERE kind = ? AND name = ?", {to_string(kind), name});
}

std::vector<JournalEntry> ObjectJournal::query(const std::string& where,
                                               const std::vector<state::Value>& args) {
  auto statement = db_.prepare("SELECT kind, name, project, owner, phase FROM kernel_objects " +
                               where + " ORDER BY seq DESC");
  statement.bind_all(args);
  std::vector<JournalEntry> entries;
  while (statement.step()) {
    entries.push_back(
        {object_kind_from_string(statement.column_text(0)), statement.column_text(1),
         statement.column_text(2), statement.column_text(3),
         statement.column_text(4) == "confirmed" ? ObjectPhase::confirmed : ObjectPhase::intended});
  }
  return entries;
}

std::optional<JournalEntry> ObjectJournal::find(ObjectKind kind, const std::string& name) {
  auto entries = query("WHERE kind = ? AND name = ?", {to_string(kind), name});
  if (entries.empty()) return std::nullopt;
  return entries.front();
}

std::vector<JournalEntry> ObjectJournal::of_project(const std::string& project) {
  return query("WHERE project = ?", {project});
}

std::vector<JournalEntry> ObjectJournal::of_owner(const std::string& project,
                                                  const std::string& owner) {
  return query("WHERE project = ? AND owner = ?", {project, owner});
}

std::vector<JournalEntry> ObjectJournal::all() { return query("", {}); }

}  // namespace berth::engine
