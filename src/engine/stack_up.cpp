#include "engine/stack_up.h"

#include <set>
#include <thread>

#include "engine/compose_labels.h"
#include "engine/container_lifecycle.h"
#include "engine/container_mounts.h"
#include "engine/image_provider.h"
#include "engine/service_gates.h"
#include "engine/service_settings.h"
#include "engine/stack_networks.h"
#include "engine/stack_plan.h"
#include "spec/json_output.h"
#include "state/global_lock.h"
#include "util/error.h"

namespace berth::engine {

namespace {

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
        progress_({"Container", name, "Starting", ProgressState::working, {}});
        lifecycle_.start(*context_.containers.find(name));
        progress_({"Container", name, "Started", ProgressState::done, {}});
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
        break;
      case ContainerAction::create:
        progress_({"Container", name, "Creating", ProgressState::working, {}});
        break;
      case ContainerAction::orphan:
        return;
    }
    lifecycle_.create(service, step.number, images_.at(service.name), spec::config_hash(service),
                      start);
    progress_({"Container", name, start ? "Started" : "Created", ProgressState::done, {}});
  }

  EngineContext& context_;
  const spec::Project& project_;
  ContainerLifecycle lifecycle_;
  const std::map<std::string, storage::Image>& images_;
  const std::vector<ContainerStep>& steps_;
  const UpOptions& options_;
  const ProgressSink& progress_;
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
