#include "engine/stack_run.h"

#include "engine/compose_labels.h"
#include "engine/container_lifecycle.h"
#include "engine/image_provider.h"
#include "engine/service_gates.h"
#include "engine/stack_networks.h"
#include "engine/stack_plan.h"
#include "engine/stack_up.h"
#include "spec/json_output.h"
#include "state/global_lock.h"
#include "util/error.h"
#include "util/random_id.h"

namespace berth::engine {

namespace {
// Compose numbers one-off containers -1: they are no replica of the service.
constexpr int kOneoffNumber = -1;

std::set<std::string> dependencies_of(const spec::Project& project, const std::string& service) {
  UpOptions options;
  options.services = {service};
  auto selected = selected_services(project, options);
  selected.erase(service);
  return selected;
}

void start_dependencies(EngineContext& context, const spec::Project& project,
                        const RunOptions& options, const ProgressSink& progress) {
  UpOptions up_options;
  auto dependencies = dependencies_of(project, options.service);
  up_options.services.assign(dependencies.begin(), dependencies.end());
  up_options.pull = options.pull;
  auto result = up(context, project, up_options, progress);
  if (!result.succeeded()) throw Error(result.failure_summary());
  ServiceGates gates(context, project, std::nullopt, progress);
  for (const auto& [dependency, settings] : project.services.at(options.service).depends_on) {
    if (!project.services.count(dependency)) continue;
    try {
      gates.wait(dependency, gate_of_condition(settings.condition));
    } catch (const Error& e) {
      if (settings.required) throw;
      progress({"Service", dependency, "Warning", ProgressState::warning, e.what()});
    }
  }
}
}  // namespace

ContainerRecord create_oneoff(EngineContext& context, const spec::Project& project,
                              const RunOptions& options, const ProgressSink& all_progress) {
  ProgressSink progress = [&](const ProgressEvent& event) {
    bool pulling = event.kind == "Image" || event.kind == "Layer";
    if (!options.quiet_pull || !pulling) all_progress(event);
  };
  if (!project.services.count(options.service)) throw Error("no such service", options.service);
  std::string slug = random_id();
  auto overrides = options.overrides;
  if (overrides.name.empty())
    overrides.name = oneoff_container_name(project.name, options.service, slug.substr(0, 12));
  auto service = oneoff_service(project, project.services.at(options.service), overrides);
  if (context.containers.find(service.container_name))
    throw Error("a container of that name already exists", service.container_name);
  if (!options.no_deps && !dependencies_of(project, options.service).empty())
    start_dependencies(context, project, options, progress);

  UpOptions own;
  own.services = {options.service};
  own.no_deps = true;
  own.pull = options.pull;
  own.plan.remove_orphans = options.remove_orphans;
  provide_images(context, project, {options.service}, own, progress);
  state::ProjectLock lock(context.locations, project.name);
  auto plan = plan_stack(context, project, own);
  create_networks(context, project, plan.networks, progress);
  context.containers.save_project(
      {project.name, project.working_dir, config_files_text(project.files)});
  ContainerLifecycle lifecycle(context, project);
  settle_orphans(context, project, plan.containers, progress);
  progress({"Container", service.container_name, "Creating", ProgressState::working, {}});
  try {
    auto record = lifecycle.create(service, kOneoffNumber, plan.images.at(options.service),
                                   spec::config_hash(service), false, slug, options.use_aliases);
    context.networks.await_dns();
    progress({"Container", service.container_name, "Created", ProgressState::done, {}});
    return record;
  } catch (const Error&) {
    // What the failed creation made goes with it: nothing of a failed run stays.
    if (auto record = context.containers.find(service.container_name))
      lifecycle.remove(*record, std::nullopt, true);
    throw;
  }
}

}  // namespace berth::engine
