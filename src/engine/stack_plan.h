#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/container_plan.h"
#include "engine/engine_context.h"
#include "engine/stack_up.h"
#include "spec/model.h"
#include "storage/image_store.h"

namespace berth::engine {

// recreate: networks only, when their declaration changed (compose does so too).
enum class ObjectAction { create, keep, recreate };
const char* to_string(ObjectAction action);

struct NetworkStep {
  ObjectAction action;
  std::string key;  // the project's key for it
  std::string name;
};

struct VolumeStep {
  ObjectAction action;
  std::string name;
};

// Everything `up` would do, worked out from the stack and the state without
// changing anything: what `berth plan` prints and what `up` then carries out.
struct StackPlan {
  std::set<std::string> services;  // selected, with their dependencies unless --no-deps
  std::map<std::string, storage::Image> images;
  std::vector<NetworkStep> networks;
  std::vector<VolumeStep> volumes;
  std::vector<ContainerStep> containers;

  bool changes_nothing() const;
};

// The services `up` works on: those named (all when none) and, unless
// --no-deps, everything they depend on.
std::set<std::string> selected_services(const spec::Project& project, const UpOptions& options);

// The container a step acts on: the existing one's name, else the one it creates.
std::string step_container_name(const spec::Project& project, const ContainerStep& step);
// The step acting on `container`, or steps.end().
std::vector<ContainerStep>::iterator find_container_step(const spec::Project& project,
                                                         std::vector<ContainerStep>& steps,
                                                         const std::string& container);

// Fails (naming the service) on a missing image or an unsupported network mode.
StackPlan plan_stack(EngineContext& context, const spec::Project& project,
                     const UpOptions& options);

}  // namespace berth::engine
