#include "engine/container_plan.h"

#include <algorithm>
#include <map>

namespace berth::engine {

namespace {

// The reason a container no longer matches its service, or empty when it does.
std::string divergence(const DesiredService& service, const ExistingContainer& container) {
  if (container.config_hash != service.config_hash) return "configuration changed";
  if (container.image_id != service.image_id) return "image changed";
  if (container.networks != service.networks) return "networks changed";
  if (container.volumes != service.volumes) return "volumes changed";
  return {};
}

ContainerStep converge_one(const DesiredService& service, const ExistingContainer& container,
                           const PlanOptions& options) {
  ContainerStep step{ContainerAction::keep, service.name, container.number, container.name, {}};
  std::string why = divergence(service, container);
  auto policy = service.dependency ? options.dependency_recreate : options.recreate;
  if (policy == RecreatePolicy::always) {
    step.action = ContainerAction::recreate;
    step.reason = "recreate forced";
  } else if (!why.empty() && policy == RecreatePolicy::diverged) {
    step.action = ContainerAction::recreate;
    step.reason = why;
  } else if (!container.running && options.start) {
    step.action = ContainerAction::start;
    step.reason = "not running";
  } else {
    step.reason = container.running ? "running, up to date" : "created, not started";
  }
  return step;
}

// Obsolete containers go first when scaling down, then the highest numbers.
std::vector<const ExistingContainer*> removal_order(const DesiredService& service,
                                                    std::vector<const ExistingContainer*> all) {
  std::stable_sort(all.begin(), all.end(), [&](const auto* a, const auto* b) {
    bool a_obsolete = !divergence(service, *a).empty();
    bool b_obsolete = !divergence(service, *b).empty();
    if (a_obsolete != b_obsolete) return a_obsolete;
    return a->number > b->number;
  });
  return all;
}

void plan_service(const DesiredService& service, std::vector<const ExistingContainer*> current,
                  const PlanOptions& options, std::vector<ContainerStep>& steps) {
  auto ordered = removal_order(service, std::move(current));
  size_t excess = ordered.size() > static_cast<size_t>(service.replicas)
                      ? ordered.size() - static_cast<size_t>(service.replicas)
                      : 0;
  std::set<int> used_numbers;
  std::vector<const ExistingContainer*> kept(ordered.begin() + static_cast<long>(excess),
                                             ordered.end());
  std::sort(kept.begin(), kept.end(), [](auto* a, auto* b) { return a->number < b->number; });
  for (const auto* container : kept) {
    used_numbers.insert(container->number);
    steps.push_back(converge_one(service, *container, options));
  }
  for (int missing = service.replicas - static_cast<int>(kept.size()), number = 1; missing > 0;
       ++number) {
    if (used_numbers.count(number)) continue;
    steps.push_back({ContainerAction::create, service.name, number, {}, "missing"});
    --missing;
  }
  for (size_t i = 0; i < excess; ++i)
    steps.push_back({ContainerAction::remove, service.name, ordered[i]->number, ordered[i]->name,
                     "scaled down to " + std::to_string(service.replicas)});
}

}  // namespace

std::string to_string(ContainerAction action) {
  switch (action) {
    case ContainerAction::create:
      return "create";
    case ContainerAction::recreate:
      return "recreate";
    case ContainerAction::start:
      return "start";
    case ContainerAction::keep:
      return "keep";
    case ContainerAction::remove:
      return "remove";
    case ContainerAction::orphan:
      return "orphan";
  }
  return "unknown";
}

std::vector<ContainerStep> plan_containers(const std::vector<DesiredService>& desired,
                                           const std::vector<ExistingContainer>& existing,
                                           const PlanOptions& options) {
  std::map<std::string, std::vector<const ExistingContainer*>> by_service;
  for (const auto& container : existing)
    if (!container.oneoff) by_service[container.service].push_back(&container);

  std::vector<ContainerStep> steps;
  for (const auto& service : desired) {
    plan_service(service, by_service[service.name], options, steps);
    by_service.erase(service.name);
  }
  for (const auto& [service, containers] : by_service) {
    for (const auto* container : containers) {
      if (options.remove_orphans)
        steps.push_back({ContainerAction::remove, service, container->number, container->name,
                         "orphan: service no longer in the stack"});
      else
        steps.push_back({ContainerAction::orphan, service, container->number, container->name,
                         "service no longer in the stack (--remove-orphans removes it)"});
    }
  }
  return steps;
}

}  // namespace berth::engine
