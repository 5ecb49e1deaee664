#include "engine/stack_up.h"

#include <future>
#include <set>
#include <thread>

#include "engine/compose_labels.h"
#include "engine/container_lifecycle.h"
#include "engine/container_mounts.h"
#include "engine/image_provider.h"
#include "engine/namespace_sharing.h"
#include "engine/service_gates.h"
#include "engine/service_settings.h"
#include "engine/stack_networks.h"
#include "engine/stack_plan.h"
#include "spec/graph.h"
#include "spec/json_output.h"
#include "state/global_lock.h"
#include "util/error.h"

namespace berth::engine {

namespace {

// Makes and starts the services' containers. As in compose, a new container is
// created before the services it depends on have started (its network wiring,
// root filesystem and mounts take as long as a start), and its supervisor builds
// it up to its program's exec meanwhile, so that a depends_on chain waits for the
// execs alone: create_ahead does that on one thread in dependency order, and
// start(service) lets go of what is already there.
class ServiceStarter {
 public:
  ServiceStarter(EngineContext& context, const spec::Project& project,
                 const std::map<std::string, storage::Image>& images,
                 const std::vector<ContainerStep>& steps, const UpOptions& options,
                 const ProgressSink& progress)
      : context_(context),
        project_(project),
        lifecycle_(context, project),
        images_(images),
        steps_(steps),
        options_(options),
        progress_(progress) {}
  ~ServiceStarter() {
    if (creator_.joinable()) creator_.join();
  }

  // Creates, on a thread of its own, the new containers of the services in
  // `order` that share no namespace with another container (a joiner needs its
  // target started first, so it is made when its turn comes).
  void create_ahead(const std::vector<std::string>& order) {
    std::vector<const ContainerStep*> ahead;
    for (const auto& service_name : order)
      for (const auto& step : steps_)
        if (step.service == service_name && step.action == ContainerAction::create &&
            containers_shared_with(project_, project_.services.at(service_name)).empty()) {
          ahead.push_back(&step);
          created_[step_container_name(project_, step)];
        }
    creator_ = std::thread([this, ahead] {
      for (const auto* step : ahead) {
        auto name = step_container_name(project_, *step);
        auto& promise = created_.at(name);
        progress_({"Container", name, "Creating", ProgressState::working, {}});
        try {
          promise.set_value(create_pending(project_.services.at(step->service), *step));
        } catch (...) {
          promise.set_exception(std::current_exception());
        }
      }
    });
  }

  void start(const std::string& service_name) {
    const auto& service = project_.services.at(service_name);
    for (const auto& step : steps_) {
      if (step.service != service_name) continue;
      std::string name = step_container_name(project_, step);
      try {
        apply(service, step, name);
      } catch (const Error& e) {
        progress_({"Container", name, "Error", ProgressState::failed, e.what()});
        throw;
      }
    }
  }

 private:
  void apply(const spec::Service& service, const ContainerStep& step, const std::string& name) {
    bool start = options_.plan.start;
    switch (step.action) {
      case ContainerAction::keep:
        progress_({"Container", name, "Running", ProgressState::done, {}});
        return;
      case ContainerAction::start:
        launch(*context_.containers.find(name));
        return;
      case ContainerAction::remove:
        progress_({"Container", name, "Removing", ProgressState::working, {}});
        lifecycle_.remove(*context_.containers.find(name), std::nullopt, false);
        progress_({"Container", name, "Removed", ProgressState::done, {}});
        return;
      case ContainerAction::recreate:
        progress_({"Container", name, "Recreate", ProgressState::working, step.reason});
        lifecycle_.remove(*context_.containers.find(name), std::nullopt,
                          options_.renew_anonymous_volumes);
        create(service, step, start);
        return;
      case ContainerAction::create:
        if (auto ahead = created_.find(name); ahead != created_.end()) {
          auto created = ahead->second.get_future().get();
          if (created.start) {
            progress_({"Container", name, "Starting", ProgressState::working, {}});
            created.start->start();
            progress_({"Container", name, "Started", ProgressState::done, {}});
          }
          return;
        }
        progress_({"Container", name, "Creating", ProgressState::working, {}});
        create(service, step, start);
        return;
      case ContainerAction::orphan:
        return;
    }
  }

  // Starts a container that exists.
  void launch(const ContainerRecord& record) {
    progress_({"Container", record.name, "Starting", ProgressState::working, {}});
    lifecycle_.start(record);
    progress_({"Container", record.name, "Started", ProgressState::done, {}});
  }

  // Dropped unstarted (a dependency failed), its supervisor leaves it created.
  struct CreatedAhead {
    ContainerRecord record;
    std::optional<runtime::PendingStart> start;
  };

  CreatedAhead create_pending(const spec::Service& service, const ContainerStep& step) {
    if (!options_.plan.start) return {create(service, step, false), std::nullopt};
    auto name = step_container_name(project_, step);
    auto pending = lifecycle_.create_pending(service, step.number, images_.at(service.name),
                                             spec::config_hash(service));
    progress_({"Container", name, "Created", ProgressState::done, {}});
    return {std::move(pending.record), std::move(pending.start)};
  }

  ContainerRecord create(const spec::Service& service, const ContainerStep& step, bool start) {
    auto name = step_container_name(project_, step);
    auto record = lifecycle_.create(service, step.number, images_.at(service.name),
                                    spec::config_hash(service), start);
    progress_({"Container", name, start ? "Started" : "Created", ProgressState::done, {}});
    return record;
  }

  EngineContext& context_;
  const spec::Project& project_;
  ContainerLifecycle lifecycle_;
  const std::map<std::string, storage::Image>& images_;
  const std::vector<ContainerStep>& steps_;
  const UpOptions& options_;
  const ProgressSink& progress_;
  std::map<std::string, std::promise<CreatedAhead>> created_;  // by container name
  std::thread creator_;
};

}  // namespace

bool UpResult::succeeded() const {
  for (const auto& outcome : services)
    if (outcome.result != TaskResult::done) return false;
  return true;
}

std::string UpResult::failure_summary() const {
  std::string summary;
  for (const auto& outcome : services) {
    if (outcome.result == TaskResult::done) continue;
    if (!summary.empty()) summary += "; ";
    summary += "service " + outcome.name + ": " + outcome.reason;
  }
  return summary;
}

void settle_orphans(EngineContext& context, const spec::Project& project,
                    const std::vector<ContainerStep>& steps, const ProgressSink& progress) {
  ContainerLifecycle lifecycle(context, project);
  for (const auto& step : steps) {
    if (step.action == ContainerAction::orphan)
      progress({"Container", step.container, "Orphan", ProgressState::warning, step.reason});
    if (step.action == ContainerAction::remove && !project.services.count(step.service)) {
      lifecycle.remove(*context.containers.find(step.container), std::nullopt, false);
      progress({"Container", step.container, "Removed", ProgressState::done, "orphan"});
    }
  }
}

UpResult up(EngineContext& context, const spec::Project& project, const UpOptions& options,
            const ProgressSink& progress) {
  state::ProjectLock lock(context.locations, project.name);
  PhaseTimings timings;
  provide_images(context, project, selected_services(project, options), options, progress);
  timings.finish("images");
  auto plan = plan_stack(context, project, options);
  timings.finish("plan");
  remove_changed_networks(context, project, plan, progress);
  create_networks(context, project, plan.networks, progress);
  context.containers.save_project(
      {project.name, project.working_dir, config_files_text(project.files)});
  timings.finish("networks");
  const auto& selected = plan.services;
  const auto& images = plan.images;
  const auto& steps = plan.containers;

  settle_orphans(context, project, steps, progress);

  std::vector<Task> tasks;
  for (const auto& name : selected) {
    Task task{name, {}};
    for (const auto& [dependency, settings] : project.services.at(name).depends_on)
      if (selected.count(dependency))
        task.after.push_back(
            {dependency, gate_of_condition(settings.condition), settings.required});
    tasks.push_back(task);
  }
  ServiceStarter starter(context, project, images, steps, options, progress);
  // Made level by level, so that what can start sooner is ready sooner (a short
  // branch is not made after a long chain that sorts before it).
  std::vector<std::string> order;
  spec::DependencyGraph graph(project);
  for (const auto& level : graph.levels())
    for (const auto& name : level)
      if (selected.count(name)) order.push_back(name);
  starter.create_ahead(order);
  context.networks.await_dns();
  ServiceGates gates(context, project, options.wait_timeout, progress);
  TaskCallbacks callbacks{[&](const std::string& name) { starter.start(name); },
                          [&](const std::string& name, Gate gate) { gates.wait(name, gate); },
                          [&](const std::string& name, const std::string& warning) {
                            progress({"Service", name, "Warning", ProgressState::warning, warning});
                          }};
  UpResult result{execute_graph(tasks, callbacks), {}};
  timings.finish("containers");
  if (options.wait && result.succeeded() && options.plan.start) {
    for (auto& outcome : result.services) {
      try {
        gates.wait_until_settled(outcome.name);
      } catch (const Error& e) {
        outcome.result = TaskResult::failed;
        outcome.reason = e.what();
      }
    }
    timings.finish("wait");
  }
  result.timings = timings.phases();
  return result;
}

}  // namespace berth::engine
