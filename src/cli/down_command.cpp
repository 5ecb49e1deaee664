#include <unistd.h>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/progress_view.h"
#include "cli/timings_view.h"
#include "engine/stack_down.h"

namespace berth::cli {

void add_down_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("down", "Stop and remove the stack's containers and networks");
  auto project_options = add_compose_flags(*command);
  auto remove_volumes = std::make_shared<bool>(false);
  auto remove_orphans = std::make_shared<bool>(false);
  auto timeout = std::make_shared<int>(-1);
  auto remove_images = std::make_shared<std::string>();
  auto progress = std::make_shared<std::string>("auto");
  auto show_timings = std::make_shared<bool>(false);
  command->add_flag("-v,--volumes", *remove_volumes,
                    "also remove named volumes and anonymous volumes (never external ones)");
  command->add_flag("--remove-orphans", *remove_orphans,
                    "remove containers of services no longer in the stack");
  command->add_option("-t,--timeout", *timeout, "seconds to wait for a graceful stop");
  command
      ->add_option("--rmi", *remove_images,
                   "remove images: local (those named after the service) or all")
      ->check(CLI::IsMember({"local", "all"}));
  command->add_option("--progress", *progress, "auto, tty, plain, quiet or json");
  command->add_flag("--timings", *show_timings, "print how long it took (or BERTH_TIMINGS=1)");
  command->callback([&global, project_options, remove_volumes, remove_orphans, timeout,
                     remove_images, progress, show_timings] {
    engine::PhaseTimings load_timing;
    auto project = load_project_with_warnings(*project_options);
    load_timing.finish("load");
    ProgressView view(stderr, parse_progress_mode(*progress, ::isatty(2)));
    engine::EngineContext context(global.locations());
    engine::DownOptions options;
    options.remove_volumes = *remove_volumes;
    options.remove_orphans = *remove_orphans;
    if (*timeout >= 0) options.grace_ms = *timeout * 1000;
    options.remove_images = *remove_images == "all"     ? engine::ImageRemoval::all
                            : *remove_images == "local" ? engine::ImageRemoval::local
                                                        : engine::ImageRemoval::none;
    auto phases = load_timing.phases();
    auto down_phases = engine::down(context, project, options, view.sink());
    phases.insert(phases.end(), down_phases.begin(), down_phases.end());
    if (timings_requested(*show_timings)) print_timings(phases);
  });
}

}  // namespace berth::cli
