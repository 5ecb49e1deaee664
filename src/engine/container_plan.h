#pragma once

#include <set>
#include <string>
#include <vector>

namespace berth::engine {

// What the stack file wants of one service, reduced to what decides convergence.
struct DesiredService {
  std::string name;
  int replicas = 1;
  std::string config_hash;
  std::string image_id;            // the resolved image (content digest)
  std::set<std::string> networks;  // resolved network names it attaches to
  std::set<std::string> volumes;   // resolved volume names it mounts
  bool dependency = false;         // only there because a named service depends on it
};

// A container berth already has for the project (from the state db, checked against
// the kernel by the caller).
struct ExistingContainer {
  std::string name;
  std::string service;
  int number = 1;
  std::string config_hash;
  std::string image_id;
  std::set<std::string> networks;
  std::set<std::string> volumes;
  bool running = false;
  bool oneoff = false;  // `run` containers: never touched by convergence
};

enum class RecreatePolicy {
  diverged,  // default: only when config, image or attachments changed
  always,    // --force-recreate
  never,     // --no-recreate
};

struct PlanOptions {
  RecreatePolicy recreate = RecreatePolicy::diverged;
  // For dependencies of the named services: --always-recreate-deps makes it always.
  RecreatePolicy dependency_recreate = RecreatePolicy::diverged;
  bool remove_orphans = false;
  bool start = true;  // false for --no-start / `create`
};

enum class ContainerAction { create, recreate, start, keep, remove, orphan };

std::string to_string(ContainerAction action);

struct ContainerStep {
  ContainerAction action;
  std::string service;
  int number;
  std::string container;  // existing container's name; empty for create
  std::string reason;     // why, in words a user reads in `berth plan`
};

// Decides, per container, what `up` must do: keep a running unchanged container,
// start a stopped one, recreate a diverged one, create missing replicas in the
// lowest free numbers, and scale down obsolete containers first, then the
// highest numbers. Steps come grouped by service, services in the given order.
std::vector<ContainerStep> plan_containers(const std::vector<DesiredService>& desired,
                                           const std::vector<ExistingContainer>& existing,
                                           const PlanOptions& options);

}  // namespace berth::engine
