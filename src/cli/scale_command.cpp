#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/progress_view.h"
#include "cli/scale_arguments.h"
#include "engine/stack_up.h"
#include "util/error.h"

namespace berth::cli {

void add_scale_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("scale", "Set the number of containers of services");
  auto project_options = add_compose_flags(*command);
  auto entries = std::make_shared<std::vector<std::string>>();
  auto no_deps = std::make_shared<bool>(false);
  auto progress = std::make_shared<std::string>("auto");
  command->add_flag("--no-deps", *no_deps, "do not start the services they depend on");
  command->add_option("--progress", *progress, "auto, tty, plain, quiet or json");
  command->add_option("scale", *entries, "SERVICE=N ...")->required();
  command->callback([&global, project_options, entries, no_deps, progress] {
    // Like compose: `up -d` of just these services, each at its new scale.
    engine::UpOptions options;
    options.scale = parse_scale(*entries, "scale");
    for (const auto& [service, replicas] : options.scale) options.services.push_back(service);
    options.no_deps = *no_deps;
    project_options->services = options.services;
    auto project = load_project_with_warnings(*project_options);
    ProgressView view(stderr, parse_progress_mode(*progress, ::isatty(2)));
    engine::EngineContext context(global.locations());
    auto result = engine::up(context, project, options, view.sink());
    if (!result.succeeded()) throw Error(result.failure_summary());
  });
}

}  // namespace berth::cli
