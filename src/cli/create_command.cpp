#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/progress_view.h"
#include "cli/recreate_flags.h"
#include "cli/scale_arguments.h"
#include "engine/stack_up.h"
#include "util/error.h"

namespace berth::cli {

namespace {
struct CreateFlags {
  bool force_recreate = false;
  bool no_recreate = false;
  bool remove_orphans = false;
  std::vector<std::string> scale;
  std::optional<std::string> pull;
  std::string progress = "auto";
  std::vector<std::string> services;
};

engine::UpOptions create_options(const CreateFlags& flags) {
  engine::UpOptions options;
  apply_recreate_flags(options.plan, flags.force_recreate, flags.no_recreate, false);
  options.plan.remove_orphans = flags.remove_orphans;
  options.plan.start = false;
  options.services = flags.services;
  options.scale = parse_scale(flags.scale);
  options.pull = flags.pull;
  return options;
}
}  // namespace

void add_create_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("create", "Create the stack's containers without starting");
  auto project_options = add_compose_flags(*command);
  auto flags = std::make_shared<CreateFlags>();
  command->add_flag("--force-recreate", flags->force_recreate,
                    "recreate even unchanged containers");
  command->add_flag("--no-recreate", flags->no_recreate, "never recreate existing containers");
  command->add_flag("--remove-orphans", flags->remove_orphans,
                    "remove containers of services no longer in the stack");
  command->add_option("--scale", flags->scale, "SERVICE=N (repeatable)")->allow_extra_args(false);
  command->add_option("--pull", flags->pull, "pull images: always, missing or never")
      ->check(CLI::IsMember({"always", "missing", "never"}));
  command->add_option("--progress", flags->progress, "auto, tty, plain, quiet or json");
  command->add_option("services", flags->services, "services to create (default: all)");
  command->callback([&global, project_options, flags] {
    project_options->services = flags->services;
    auto options = create_options(*flags);
    auto project = load_project_with_warnings(*project_options);
    ProgressView view(stderr, parse_progress_mode(flags->progress, ::isatty(2)));
    engine::EngineContext context(global.locations());
    auto result = engine::up(context, project, options, view.sink());
    if (!result.succeeded()) throw Error(result.failure_summary());
  });
}

}  // namespace berth::cli
