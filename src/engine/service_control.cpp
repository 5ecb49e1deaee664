#include "engine/service_control.h"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "engine/container_events.h"
#include "engine/container_lifecycle.h"
#include "runtime/container_control.h"
#include "spec/graph.h"
#include "util/error.h"

namespace berth::engine {

namespace {
// Runs `action` for every record at once; reports `working`/`done` progress and
// throws one error naming every container that failed.
void for_each_parallel(const std::vector<ContainerRecord>& records, const ProgressSink& progress,
                       const std::string& working, const std::string& done,
                       const std::function<void(const ContainerRecord&)>& action) {
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  threads.reserve(records.size());
  for (const auto& record : records) {
    threads.emplace_back([&, record] {
      progress({"Container", record.name, working, ProgressState::working, {}});
      try {
        action(record);
        progress({"Container", record.name, done, ProgressState::done, {}});
      } catch (const std::exception& e) {
        progress({"Container", record.name, "Error", ProgressState::failed, e.what()});
        std::lock_guard lock(mutex);
        failures.push_back(record.name + ": " + e.what());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (failures.empty()) return;
  std::string message;
  for (const auto& failure : failures) message += (message.empty() ? "" : "; ") + failure;
  throw Error(message);
}

bool running(EngineContext& context, const ContainerRecord& record) {
  return is_running(container_status(context, record.name));
}
}  // namespace

std::vector<ContainerRecord> select_containers(EngineContext& context, const spec::Project& project,
                                               const std::vector<std::string>& services,
                                               OneOffs oneoffs) {
  for (const auto& service : services)
    if (!project.services.count(service)) throw Error("no such service", service);
  spec::DependencyGraph graph(project);
  std::map<std::string, size_t> rank;
  for (const auto& service : graph.start_order()) rank.emplace(service, rank.size());
  std::vector<ContainerRecord> selected;
  for (auto& record : context.containers.of_project(project.name)) {
    if (record.oneoff && oneoffs == OneOffs::exclude) continue;
    if (!services.empty() &&
        std::find(services.begin(), services.end(), record.service) == services.end())
      continue;
    selected.push_back(std::move(record));
  }
  std::stable_sort(selected.begin(), selected.end(), [&](const auto& a, const auto& b) {
    auto ra = rank.count(a.service) ? rank.at(a.service) : rank.size();
    auto rb = rank.count(b.service) ? rank.at(b.service) : rank.size();
    return ra != rb ? ra < rb : a.number < b.number;
  });
  return selected;
}

ContainerRecord select_replica(EngineContext& context, const spec::Project& project,
                               const std::string& service, int index) {
  for (auto& record : select_containers(context, project, {service}))
    if (record.number == index) return record;
  throw Error("no container for replica " + std::to_string(index) + " of service", service);
}

void stop_containers(EngineContext& context, const std::vector<ContainerRecord>& records,
                     std::optional<int> grace_ms, const ProgressSink& progress) {
  for_each_parallel(records, progress, "Stopping", "Stopped", [&](const ContainerRecord& record) {
    auto dir = context.runtime_dir(record.name).string();
    if (!runtime::find_supervisor(dir)) return;
    runtime::stop_container(dir, grace_ms);
    record_container_event(context, record, "stop");
  });
}

void start_containers(EngineContext& context, const spec::Project& project,
                      const std::vector<ContainerRecord>& records, const ProgressSink& progress) {
  ContainerLifecycle lifecycle(context, project);
  // One service after another in dependency order; a service's replicas at once.
  for (auto first = records.begin(); first != records.end();) {
    auto last = std::find_if(first, records.end(),
                             [&](const auto& record) { return record.service != first->service; });
    for_each_parallel({first, last}, progress, "Starting", "Started",
                      [&](const ContainerRecord& record) { lifecycle.start(record); });
    first = last;
  }
}

void restart_containers(EngineContext& context, const spec::Project& project,
                        const std::vector<ContainerRecord>& records, std::optional<int> grace_ms,
                        const ProgressSink& progress) {
  stop_containers(context, records, grace_ms, progress);
  start_containers(context, project, records, progress);
  for (const auto& record : records) record_container_event(context, record, "restart");
}

void kill_containers(EngineContext& context, const std::vector<ContainerRecord>& records,
                     int signal, const ProgressSink& progress) {
  std::vector<ContainerRecord> alive;
  for (const auto& record : records)
    if (running(context, record)) alive.push_back(record);
  for_each_parallel(alive, progress, "Killing", "Killed", [&](const ContainerRecord& record) {
    // Recorded first, as docker does: the die it may cause must come after it.
    record_container_event(context, record, "kill", {{"signal", std::to_string(signal)}});
    runtime::kill_container(context.runtime_dir(record.name).string(), signal);
  });
}

void pause_containers(EngineContext& context, const std::vector<ContainerRecord>& records,
                      bool paused, const ProgressSink& progress) {
  for_each_parallel(records, progress, paused ? "Pausing" : "Unpausing",
                    paused ? "Paused" : "Unpaused", [&](const ContainerRecord& record) {
                      auto state = container_status(context, record.name);
                      if (!is_running(state)) throw Error("container is not running");
                      runtime::pause_container(context.runtime_dir(record.name).string(), paused);
                      record_container_event(context, record, paused ? "pause" : "unpause");
                    });
}

void remove_containers(EngineContext& context, const spec::Project& project,
                       const std::vector<ContainerRecord>& records, bool stop, bool remove_volumes,
                       const ProgressSink& progress) {
  if (stop) stop_containers(context, records, std::nullopt, progress);
  std::vector<ContainerRecord> stopped;
  for (const auto& record : records)
    if (!running(context, record)) stopped.push_back(record);
  ContainerLifecycle lifecycle(context, project);
  for_each_parallel(stopped, progress, "Removing", "Removed", [&](const ContainerRecord& record) {
    lifecycle.remove(record, 0, remove_volumes);
  });
}

}  // namespace berth::engine
