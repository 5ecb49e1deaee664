#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/progress_view.h"
#include "cli/timings_view.h"
#include "engine/stack_up.h"
#include "util/error.h"

namespace berth::cli {

namespace {
struct UpFlags {
  bool detach = false;
  bool wait = false;
  int wait_timeout_s = 0;
  bool force_recreate = false;
  bool no_recreate = false;
  bool no_deps = false;
  bool remove_orphans = false;
  bool no_start = false;
  std::vector<std::string> scale;
  std::vector<std::string> services;
  std::string progress = "auto";
  bool timings = false;
  std::optional<std::string> pull;
};

std::map<std::string, int> parse_scale(const std::vector<std::string>& entries) {
  std::map<std::string, int> scale;
  for (const auto& entry : entries) {
    auto equals = entry.find('=');
    if (equals == std::string::npos) throw Error("--scale expects SERVICE=N", entry);
    try {
      scale[entry.substr(0, equals)] = std::stoi(entry.substr(equals + 1));
    } catch (const std::exception&) {
      throw Error("--scale expects SERVICE=N", entry);
    }
  }
  return scale;
}

engine::UpOptions up_options(const UpFlags& flags) {
  if (flags.force_recreate && flags.no_recreate)
    throw Error("--force-recreate and --no-recreate cannot be combined");
  engine::UpOptions options;
  options.plan.recreate = flags.force_recreate ? engine::RecreatePolicy::always
                          : flags.no_recreate  ? engine::RecreatePolicy::never
                                               : engine::RecreatePolicy::diverged;
  options.plan.remove_orphans = flags.remove_orphans;
  options.plan.start = !flags.no_start;
  options.services = flags.services;
  options.no_deps = flags.no_deps;
  options.scale = parse_scale(flags.scale);
  options.wait = flags.wait;
  options.pull = flags.pull;
  if (flags.wait_timeout_s > 0) options.wait_timeout = std::chrono::seconds(flags.wait_timeout_s);
  return options;
}
}  // namespace

void add_up_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("up", "Create and start the stack's containers");
  auto project_options = add_compose_flags(*command);
  auto flags = std::make_shared<UpFlags>();
  command->add_flag("-d,--detach", flags->detach, "run in the background");
  command->add_flag("--wait", flags->wait, "wait until services are running/healthy (implies -d)");
  command->add_option("--wait-timeout", flags->wait_timeout_s, "seconds to wait, 0 for no limit");
  command->add_flag("--force-recreate", flags->force_recreate,
                    "recreate even unchanged containers");
  command->add_flag("--no-recreate", flags->no_recreate, "never recreate existing containers");
  command->add_flag("--no-deps", flags->no_deps, "do not start linked services");
  command->add_flag("--remove-orphans", flags->remove_orphans,
                    "remove containers of services no longer in the stack");
  command->add_flag("--no-start", flags->no_start, "create but do not start");
  command->add_option("--scale", flags->scale, "SERVICE=N (repeatable)");
  command->add_option("--progress", flags->progress, "auto, tty, plain, quiet or json");
  command->add_option("--pull", flags->pull, "pull images: always, missing or never")
      ->check(CLI::IsMember({"always", "missing", "never"}));
  command->add_flag("--timings", flags->timings,
                    "print how long each phase took (or BERTH_TIMINGS=1)");
  command->add_option("services", flags->services, "services to start (default: all)");
  command->callback([&global, project_options, flags] {
    project_options->services = flags->services;
    engine::PhaseTimings load_timing;
    auto project = load_project_with_warnings(*project_options);
    load_timing.finish("load");
    ProgressView view(stderr, parse_progress_mode(flags->progress, ::isatty(2)));
    engine::EngineContext context(global.locations());
    auto result = engine::up(context, project, up_options(*flags), view.sink());
    if (timings_requested(flags->timings)) {
      auto phases = load_timing.phases();
      phases.insert(phases.end(), result.timings.begin(), result.timings.end());
      print_timings(phases);
    }
    if (!result.succeeded()) throw Error(result.failure_summary());
  });
}

}  // namespace berth::cli
