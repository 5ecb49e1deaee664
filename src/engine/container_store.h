#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/container_plan.h"
#include "state/database.h"
#include "util/user_namespace.h"

namespace berth::engine {

// What berth remembers of one container between commands. Whether it is running
// comes from its supervisor, not from here.
struct ContainerRecord {
  std::string id;  // 64 hex digits, new for each container made, as docker's
  std::string name;
  std::string project;
  std::string service;
  int number = 1;
  bool oneoff = false;
  std::string config_hash;
  std::string image_id;
  std::set<std::string> networks;
  std::set<std::string> volumes;
  std::map<std::string, std::string> labels;
  std::string netns_path;           // the pinned network namespace
  std::optional<IdMapping> userns;  // userns_mode: auto; its ids are this container's
  long long created_at = 0;
};

struct ProjectRecord {
  std::string name;
  std::string working_dir;
  std::string config_files;
};

// The engine's tables (component "engine"): projects and their containers.
class ContainerStore {
 public:
  explicit ContainerStore(state::Database& db);

  void save_project(const ProjectRecord& project);
  std::vector<ProjectRecord> projects();
  void remove_project(const std::string& name);

  void save(const ContainerRecord& container);
  std::optional<ContainerRecord> find(const std::string& name);
  std::vector<ContainerRecord> of_project(const std::string& project);
  std::vector<ContainerRecord> all();
  void remove(const std::string& name);

 private:
  std::vector<ContainerRecord> query(const std::string& where,
                                     const std::vector<state::Value>& args);

  state::Database& db_;
};

// The planner's view of a record, with its running state supplied by the caller.
ExistingContainer as_existing(const ContainerRecord& record, bool running);

}  // namespace berth::engine
