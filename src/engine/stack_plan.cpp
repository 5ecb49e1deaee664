#include "engine/stack_plan.h"

#include <algorithm>

#include "engine/container_lifecycle.h"
#include "engine/container_mounts.h"
#include "engine/namespace_sharing.h"
#include "engine/network_mode.h"
#include "engine/service_settings.h"
#include "spec/json_output.h"
#include "util/error.h"

namespace berth::engine {

namespace {

storage::Image image_of(EngineContext& context, const spec::Service& service) {
  if (service.image.empty())
    throw Error("service has no image and berth cannot build images yet (build: is not supported)",
                service.name);
  if (auto image = context.images.find(service.image)) return *image;
  std::string hint = service.build ? "; berth cannot build images yet (build: is not supported)"
                                   : "; add it with `berth pull`, `berth load` or `berth import`";
  throw Error("image " + service.image + " of service " + service.name + " is not in the store" +
              hint);
}

// A network made by a berth that kept no hash (empty) is taken as it is.
ObjectAction network_action(const std::optional<network::NetworkInfo>& existing,
                            const spec::Network& declared) {
  if (!existing) return ObjectAction::create;
  if (declared.external || existing->config_hash.empty() ||
      existing->config_hash == spec::config_hash(declared))
    return ObjectAction::keep;
  return ObjectAction::recreate;
}

std::vector<NetworkStep> plan_networks(EngineContext& context, const spec::Project& project,
                                       const std::set<std::string>& selected) {
  std::set<std::string> used;
  for (const auto& name : selected)
    for (const auto& [key, settings] : networks_of(project.services.at(name))) used.insert(key);
  std::vector<NetworkStep> steps;
  for (const auto& key : used) {
    const auto& declared = project.networks.at(key);
    auto existing = context.networks.find_network(declared.name);
    if (declared.external && !existing)
      throw Error("external network does not exist (create it first)", declared.name);
    steps.push_back({network_action(existing, declared), key, declared.name});
  }
  return steps;
}

// Every container on a network that is recreated goes with it and is made
// anew; one this plan does not touch would be cut off, so the plan fails.
void recreate_users_of_recreated_networks(EngineContext& context, const spec::Project& project,
                                          StackPlan& plan) {
  for (const auto& network : plan.networks) {
    if (network.action != ObjectAction::recreate) continue;
    for (const auto& container : context.networks.containers_on(network.name)) {
      auto step = find_container_step(project, plan.containers, container);
      if (step == plan.containers.end() || step->action == ContainerAction::orphan)
        throw Error("network " + network.name +
                    " must be recreated (its declaration changed), but container " + container +
                    ", which this up leaves alone, is attached to it; bring the whole stack up, "
                    "or take it down first");
      if (step->action != ContainerAction::keep && step->action != ContainerAction::start) continue;
      step->action = ContainerAction::recreate;
      step->reason = "network " + network.name + " is recreated";
    }
  }
}

std::vector<VolumeStep> plan_volumes(EngineContext& context, const spec::Project& project,
                                     const std::set<std::string>& selected) {
  std::set<std::string> used;
  for (const auto& name : selected) {
    auto volumes = named_volumes_of(project, project.services.at(name));
    used.insert(volumes.begin(), volumes.end());
  }
  std::vector<VolumeStep> steps;
  for (const auto& [key, declared] : project.volumes) {
    if (!used.count(declared.name)) continue;
    bool exists = context.volumes.find(declared.name).has_value();
    if (declared.external && !exists)
      throw Error("external volume does not exist (create it first)", declared.name);
    steps.push_back({exists ? ObjectAction::keep : ObjectAction::create, declared.name});
  }
  return steps;
}

DesiredService desired_of(EngineContext& context, const spec::Project& project,
                          const spec::Service& service, const storage::Image& image,
                          const UpOptions& options) {
  DesiredService desired;
  desired.name = service.name;
  auto scale = options.scale.find(service.name);
  desired.replicas = scale != options.scale.end() ? scale->second : service.replicas.value_or(1);
  desired.config_hash = spec::config_hash(service);
  desired.image_id = image.id;
  desired.networks = network_attachments(context, project, service);
  desired.volumes = named_volumes_of(project, service);
  desired.dependency = !options.services.empty() &&
                       std::find(options.services.begin(), options.services.end(), service.name) ==
                           options.services.end();
  return desired;
}

bool makes_new_container(const ContainerStep& step) {
  return step.action == ContainerAction::create || step.action == ContainerAction::recreate;
}

// A container that shares the namespaces of a container being made anew
// would keep the old, orphaned ones: it is recreated after it.
void recreate_joiners_of_new_namespaces(const spec::Project& project,
                                        std::vector<ContainerStep>& steps) {
  std::set<std::string> renewed;
  for (const auto& step : steps)
    if (makes_new_container(step)) renewed.insert(step_container_name(project, step));
  for (bool changed = true; changed;) {  // a joiner may be joined in turn
    changed = false;
    for (auto& step : steps) {
      if (step.action != ContainerAction::keep && step.action != ContainerAction::start) continue;
      std::string renewed_target;
      for (const auto& target : containers_shared_with(project, project.services.at(step.service)))
        if (renewed.count(target)) renewed_target = target;
      if (renewed_target.empty()) continue;
      step.action = ContainerAction::recreate;
      step.reason = "the namespaces it shares with " + renewed_target + " are recreated";
      renewed.insert(step_container_name(project, step));
      changed = true;
    }
  }
}

}  // namespace

std::set<std::string> selected_services(const spec::Project& project, const UpOptions& options) {
  std::set<std::string> selected;
  std::vector<std::string> pending = options.services;
  if (pending.empty())
    for (const auto& [name, service] : project.services) pending.push_back(name);
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    if (!project.services.count(name)) throw Error("no such service", name);
    if (!selected.insert(name).second || options.no_deps) continue;
    for (const auto& [dependency, condition] : project.services.at(name).depends_on)
      if (project.services.count(dependency)) pending.push_back(dependency);
  }
  return selected;
}

std::string step_container_name(const spec::Project& project, const ContainerStep& step) {
  if (!step.container.empty()) return step.container;
  return service_container_name(project.name, project.services.at(step.service), step.number);
}

std::vector<ContainerStep>::iterator find_container_step(const spec::Project& project,
                                                         std::vector<ContainerStep>& steps,
                                                         const std::string& container) {
  return std::find_if(steps.begin(), steps.end(), [&](const ContainerStep& step) {
    return step_container_name(project, step) == container;
  });
}

const char* to_string(ObjectAction action) {
  switch (action) {
    case ObjectAction::create:
      return "create";
    case ObjectAction::recreate:
      return "recreate";
    case ObjectAction::keep:
      break;
  }
  return "keep";
}

bool StackPlan::changes_nothing() const {
  for (const auto& step : networks)
    if (step.action != ObjectAction::keep) return false;
  for (const auto& step : volumes)
    if (step.action != ObjectAction::keep) return false;
  for (const auto& step : containers)
    if (step.action != ContainerAction::keep && step.action != ContainerAction::orphan)
      return false;
  return true;
}

StackPlan plan_stack(EngineContext& context, const spec::Project& project,
                     const UpOptions& options) {
  StackPlan plan;
  plan.services = selected_services(project, options);
  for (const auto& name : plan.services) {
    require_supported(project.services.at(name));
    plan.images.emplace(name, image_of(context, project.services.at(name)));
  }
  plan.networks = plan_networks(context, project, plan.services);
  plan.volumes = plan_volumes(context, project, plan.services);

  std::vector<DesiredService> desired;
  for (const auto& [name, service] : project.services)
    if (plan.services.count(name))
      desired.push_back(desired_of(context, project, service, plan.images.at(name), options));
  std::vector<ExistingContainer> existing;
  for (const auto& record : context.containers.of_project(project.name))
    if (plan.services.count(record.service) || !project.services.count(record.service))
      existing.push_back(existing_container(context, record));
  plan.containers = plan_containers(desired, existing, options.plan);
  recreate_users_of_recreated_networks(context, project, plan);
  recreate_joiners_of_new_namespaces(project, plan.containers);
  return plan;
}

}  // namespace berth::engine
