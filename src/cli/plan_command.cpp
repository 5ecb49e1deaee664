#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "engine/stack_plan.h"
#include "util/error.h"

namespace berth::cli {

namespace {
struct PlanFlags {
  std::vector<std::string> services;
  bool force_recreate = false;
  bool no_recreate = false;
  bool no_deps = false;
  bool remove_orphans = false;
  std::string format = "table";
};

nlohmann::json plan_json(const spec::Project& project, const engine::StackPlan& plan) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : plan.networks)
    steps.push_back(
        {{"Kind", "network"}, {"Name", step.name}, {"Action", engine::to_string(step.action)}});
  for (const auto& step : plan.volumes)
    steps.push_back(
        {{"Kind", "volume"}, {"Name", step.name}, {"Action", engine::to_string(step.action)}});
  for (const auto& step : plan.containers)
    steps.push_back({{"Kind", "container"},
                     {"Name", engine::step_container_name(project, step)},
                     {"Service", step.service},
                     {"Action", engine::to_string(step.action)},
                     {"Reason", step.reason}});
  return {{"Project", project.name}, {"ChangesNothing", plan.changes_nothing()}, {"Steps", steps}};
}

void print_table(const spec::Project& project, const engine::StackPlan& plan) {
  std::printf("%-10s %-36s %-9s %s\n", "KIND", "NAME", "ACTION", "REASON");
  for (const auto& step : plan.networks)
    std::printf("%-10s %-36s %-9s\n", "network", step.name.c_str(), engine::to_string(step.action));
  for (const auto& step : plan.volumes)
    std::printf("%-10s %-36s %-9s\n", "volume", step.name.c_str(), engine::to_string(step.action));
  for (const auto& step : plan.containers)
    std::printf("%-10s %-36s %-9s %s\n", "container",
                engine::step_container_name(project, step).c_str(),
                engine::to_string(step.action).c_str(), step.reason.c_str());
  if (plan.changes_nothing()) std::printf("Nothing to do: the stack is up to date.\n");
}
}  // namespace

void add_plan_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("plan", "Show what `up` would change, changing nothing");
  auto project_options = add_compose_flags(*command);
  auto flags = std::make_shared<PlanFlags>();
  command->add_flag("--force-recreate", flags->force_recreate, "as up --force-recreate");
  command->add_flag("--no-recreate", flags->no_recreate, "as up --no-recreate");
  command->add_flag("--no-deps", flags->no_deps, "as up --no-deps");
  command->add_flag("--remove-orphans", flags->remove_orphans, "as up --remove-orphans");
  command->add_option("--format", flags->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  command->add_option("services", flags->services, "services (default: all)");
  command->callback([&global, project_options, flags] {
    if (flags->force_recreate && flags->no_recreate)
      throw Error("--force-recreate and --no-recreate cannot be combined");
    project_options->services = flags->services;
    auto project = load_project_with_warnings(*project_options);
    engine::UpOptions options;
    options.services = flags->services;
    options.no_deps = flags->no_deps;
    options.plan.remove_orphans = flags->remove_orphans;
    options.plan.recreate = flags->force_recreate ? engine::RecreatePolicy::always
                            : flags->no_recreate  ? engine::RecreatePolicy::never
                                                  : engine::RecreatePolicy::diverged;
    options.plan.dependency_recreate =
        flags->no_recreate ? engine::RecreatePolicy::never : engine::RecreatePolicy::diverged;
    engine::EngineContext context(global.locations());
    auto plan = engine::plan_stack(context, project, options);
    if (flags->format == "json")
      std::printf("%s\n", plan_json(project, plan).dump().c_str());
    else
      print_table(project, plan);
  });
}

}  // namespace berth::cli
