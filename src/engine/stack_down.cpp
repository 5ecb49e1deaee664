#include "engine/stack_down.h"

#include <algorithm>
#include <functional>
#include <set>

#include "engine/container_lifecycle.h"
#include "engine/container_mounts.h"
#include "engine/graph_executor.h"
#include "state/global_lock.h"
#include "util/error.h"

namespace berth::engine {

namespace {
// Reversed depends_on: a service is stopped once everything that depends on it
// is; `at_once`, none waits.
std::vector<Task> teardown_tasks(const spec::Project& project,
                                 const std::vector<ContainerRecord>& records, bool at_once) {
  std::map<std::string, Task> tasks;
  for (const auto& record : records) tasks.emplace(record.service, Task{record.service, {}});
  for (const auto& [name, service] : project.services)
    for (const auto& [dependency, settings] : service.depends_on)
      if (!at_once && tasks.count(dependency) && tasks.count(name))
        tasks.at(dependency).after.push_back({name, Gate::started, false});
  std::vector<Task> ordered;
  for (auto& [name, task] : tasks) ordered.push_back(std::move(task));
  return ordered;
}
// Like compose: one-off (`run`) containers are no part of the stack, and go, as
// orphans do, only with --remove-orphans.
bool removed_by_down(const spec::Project& project, const ContainerRecord& record,
                     const DownOptions& options) {
  if (options.remove_orphans) return true;
  return !record.oneoff && project.services.count(record.service);
}

void for_each_of_service(const std::vector<ContainerRecord>& records, const std::string& service,
                         const std::function<void(const ContainerRecord&)>& action) {
  for (const auto& record : records)
    if (record.service == service) action(record);
}

void add_failures(const std::vector<TaskOutcome>& outcomes, std::string& failures) {
  for (const auto& outcome : outcomes)
    if (outcome.result == TaskResult::failed)
      failures += "; " + outcome.name + ": " + outcome.reason;
}

void remove_container(ContainerLifecycle& lifecycle, const ContainerRecord& record,
                      const DownOptions& options, const ProgressSink& progress) {
  progress({"Container", record.name, "Removing", ProgressState::working, {}});
  lifecycle.remove(record, options.grace_ms, options.remove_volumes);
  progress({"Container", record.name, "Removed", ProgressState::done, {}});
}

// What is left of a stopped container (mounts, cgroup, addresses, rows) goes in
// any order.
void remove_stopped(ContainerLifecycle& lifecycle, const std::vector<std::string>& services,
                    const std::vector<ContainerRecord>& removed, const DownOptions& options,
                    const ProgressSink& progress, std::string& failures) {
  std::vector<Task> tasks;
  for (const auto& service : services) tasks.push_back({service, {}});
  TaskCallbacks callbacks{[&](const std::string& service) {
                            for_each_of_service(
                                removed, service, [&](const ContainerRecord& record) {
                                  remove_container(lifecycle, record, options, progress);
                                });
                          },
                          [](const std::string&, Gate) {}, nullptr};
  add_failures(execute_graph(tasks, callbacks), failures);
}

// Stopping follows the reversed dependencies, so that nothing outlives what it
// depends on, and the stopped containers are removed after. With no grace
// period (-t 0) no process runs on after its signal: then nothing waits, and
// each container is removed as soon as it is stopped.
void stop_and_remove(ContainerLifecycle& lifecycle, const spec::Project& project,
                     const std::vector<ContainerRecord>& removed, const DownOptions& options,
                     const ProgressSink& progress, std::string& failures) {
  bool at_once = options.grace_ms == 0;
  TaskCallbacks callbacks{
      [&](const std::string& service) {
        for_each_of_service(removed, service, [&](const ContainerRecord& record) {
          progress({"Container", record.name, "Stopping", ProgressState::working, {}});
          lifecycle.stop(record, options.grace_ms);
          progress({"Container", record.name, "Stopped", ProgressState::done, {}});
          if (at_once) remove_container(lifecycle, record, options, progress);
        });
      },
      [](const std::string&, Gate) {}, nullptr};
  auto outcomes = execute_graph(teardown_tasks(project, removed, at_once), callbacks);
  add_failures(outcomes, failures);
  if (at_once) return;
  std::vector<std::string> stopped;
  for (const auto& outcome : outcomes)
    if (outcome.result == TaskResult::done) stopped.push_back(outcome.name);
  remove_stopped(lifecycle, stopped, removed, options, progress, failures);
}

// Whether a container `down` keeps still mounts the volume.
bool used_by(const std::vector<ContainerRecord>& kept, const storage::Volume& volume) {
  for (const auto& record : kept)
    if (record.volumes.count(volume.name) || is_anonymous_volume_of(volume, record.name))
      return true;
  return false;
}
// The images --rmi removes: compose calls an image local when the service has no
// `image:` and so gets the name <project>-<service>.
std::set<std::string> images_to_remove(const spec::Project& project, ImageRemoval removal) {
  std::set<std::string> names;
  for (const auto& [name, service] : project.services) {
    if (service.image.empty())
      names.insert(project.name + "-" + name);
    else if (removal == ImageRemoval::all)
      names.insert(service.image);
  }
  return names;
}

void remove_images(EngineContext& context, const spec::Project& project, ImageRemoval removal,
                   const ProgressSink& progress) {
  auto containers = context.containers.all();
  for (const auto& name : images_to_remove(project, removal)) {
    auto image = context.images.find(name);
    if (!image) continue;
    auto user = std::find_if(containers.begin(), containers.end(),
                             [&](const auto& record) { return record.image_id == image->id; });
    if (user != containers.end()) {
      progress({"Image", name, "Kept", ProgressState::warning, "in use by " + user->name});
      continue;
    }
    context.images.remove(name, false);
    progress({"Image", name, "Removed", ProgressState::done, {}});
  }
}
}  // namespace

std::vector<PhaseTimings::Phase> down(EngineContext& context, const spec::Project& project,
                                      const DownOptions& options, const ProgressSink& progress) {
  PhaseTimings timings;
  state::ProjectLock lock(context.locations, project.name);
  auto records = context.containers.of_project(project.name);
  ContainerLifecycle lifecycle(context, project);

  std::vector<ContainerRecord> removed;
  for (const auto& record : records) {
    if (removed_by_down(project, record, options))
      removed.push_back(record);
    else
      progress({"Container", record.name, record.oneoff ? "One-off" : "Orphan",
                ProgressState::warning, "kept (--remove-orphans removes it)"});
  }
  std::string failures;
  stop_and_remove(lifecycle, project, removed, options, progress, failures);
  if (!failures.empty()) throw Error("removing containers failed" + failures);
  timings.finish("containers");

  auto kept = context.containers.of_project(project.name);
  std::set<std::string> kept_networks;
  for (const auto& record : kept)
    kept_networks.insert(record.networks.begin(), record.networks.end());
  // NetworkManager takes the global lock itself; one call deletes the links of
  // every network, the containers' veths and what a killed berth left with no
  // network to own it (a network's rows are committed after its kernel
  // objects) in a single kernel batch.
  std::vector<std::string> removed_networks;
  for (const auto& [key, network] : project.networks) {
    if (network.external || !context.networks.find_network(network.name)) continue;
    if (kept_networks.count(network.name)) {
      progress({"Network", network.name, "Kept", ProgressState::warning, "in use"});
      continue;
    }
    removed_networks.push_back(network.name);
  }
  context.networks.remove_networks(removed_networks);
  for (const auto& name : removed_networks)
    progress({"Network", name, "Removed", ProgressState::done, {}});
  timings.finish("networks");
  if (options.remove_volumes) {
    for (const auto& volume :
         context.volumes.list({{"com.docker.compose.project", project.name}})) {
      if (used_by(kept, volume)) continue;
      context.volumes.remove(volume.name);
      progress({"Volume", volume.name, "Removed", ProgressState::done, {}});
    }
  }
  timings.finish("volumes");
  if (options.remove_images != ImageRemoval::none) {
    remove_images(context, project, options.remove_images, progress);
    timings.finish("images");
  }
  if (context.containers.of_project(project.name).empty())
    context.containers.remove_project(project.name);
  timings.finish("cleanup");
  return timings.phases();
}

}  // namespace berth::engine
