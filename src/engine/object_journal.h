#pragma once

#include <optional>
#include <string>
#include <vector>

#include "state/database.h"

namespace berth::engine {

// Kinds of kernel objects berth makes; teardown undoes them in reverse order of kind.
enum class ObjectKind { netns, cgroup, rootfs_mount, veth, bridge, firewall_element, supervisor };

std::string to_string(ObjectKind kind);
ObjectKind object_kind_from_string(const std::string& text);

enum class ObjectPhase { intended, confirmed };

struct JournalEntry {
  ObjectKind kind;
  std::string name;     // how the kernel knows it: interface name, mount path, cgroup path...
  std::string project;  // owner project
  std::string owner;    // owning container or network; empty for project-wide objects
  ObjectPhase phase;
};

// The crash-safety journal: intent is written (and synced: the state db is
// synchronous=FULL) before a kernel object is made and confirmed after; removal
// forgets it once the kernel object is gone. Whatever berth was doing when it was
// killed, `down` and `gc` find every object it might have made here.
class ObjectJournal {
 public:
  explicit ObjectJournal(state::Database& db);

  void intend(ObjectKind kind, const std::string& name, const std::string& project,
              const std::string& owner = {});
  void confirm(ObjectKind kind, const std::string& name);
  void forget(ObjectKind kind, const std::string& name);

  std::optional<JournalEntry> find(ObjectKind kind, const std::string& name);
  std::vector<JournalEntry> of_project(const std::string& project);
  std::vector<JournalEntry> of_owner(const std::string& project, const std::string& owner);
  std::vector<JournalEntry> all();

 private:
  std::vector<JournalEntry> query(const std::string& where, const std::vector<state::Value>& args);

  state::Database& db_;
};

}  // namespace berth::engine
