#include <unistd.h>

#include <cstdio>

#include "cli/attached_up.h"
#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/exit_status.h"
#include "cli/progress_view.h"
#include "cli/recreate_flags.h"
#include "cli/scale_arguments.h"
#include "cli/timings_view.h"
#include "engine/stack_up.h"
#include "runtime/json_log.h"
#include "util/error.h"

namespace berth::cli {

namespace {
struct UpFlags {
  bool detach = false;
  bool wait = false;
  int wait_timeout_s = 0;
  bool force_recreate = false;
  bool no_recreate = false;
  bool always_recreate_deps = false;
  bool renew_anonymous_volumes = false;
  bool no_deps = false;
  bool remove_orphans = false;
  bool no_start = false;
  std::vector<std::string> scale;
  std::vector<std::string> services;
  std::string progress = "auto";
  bool timings = false;
  std::optional<std::string> pull;
  int timeout_s = -1;
  std::vector<std::string> attach, no_attach;
  bool abort_on_exit = false;
  bool abort_on_failure = false;
  std::string exit_code_from;
  bool no_colour = false;
};

engine::UpOptions up_options(const UpFlags& flags) {
  engine::UpOptions options;
  apply_recreate_flags(options.plan, flags.force_recreate, flags.no_recreate,
                       flags.always_recreate_deps);
  options.renew_anonymous_volumes = flags.renew_anonymous_volumes;
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

bool attached(const UpFlags& flags) {
  bool attaching = !flags.detach && !flags.wait;
  bool wants_attach = flags.abort_on_exit || flags.abort_on_failure ||
                      !flags.exit_code_from.empty() || !flags.attach.empty();
  if (!attaching && wants_attach)
    throw Error(
        "--attach, --abort-on-container-exit/failure and --exit-code-from need an "
        "attached up (without -d or --wait)");
  if (flags.abort_on_exit && flags.abort_on_failure)
    throw Error("--abort-on-container-exit and --abort-on-container-failure cannot be combined");
  return attaching;
}

AttachOptions attach_options(const UpFlags& flags, const spec::Project& project) {
  AttachOptions options;
  if (!flags.exit_code_from.empty() && !project.services.count(flags.exit_code_from))
    throw Error("--exit-code-from names no service of the stack", flags.exit_code_from);
  if (!flags.attach.empty()) {
    options.services.insert(flags.attach.begin(), flags.attach.end());
  } else if (!flags.services.empty()) {
    options.services.insert(flags.services.begin(), flags.services.end());
  } else {
    for (const auto& [name, service] : project.services) options.services.insert(name);
  }
  for (const auto& service : flags.no_attach) options.services.erase(service);
  options.abort_on_exit = flags.abort_on_exit;
  options.abort_on_failure = flags.abort_on_failure;
  options.exit_code_from = flags.exit_code_from;
  if (flags.timeout_s >= 0) options.grace_ms = flags.timeout_s * 1000;
  options.colour = ::isatty(1) && !flags.no_colour;
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
  command->add_flag("--always-recreate-deps", flags->always_recreate_deps,
                    "recreate the named services' dependencies");
  command->add_flag("-V,--renew-anon-volumes", flags->renew_anonymous_volumes,
                    "recreated containers get new anonymous volumes");
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
  command->add_option("-t,--timeout", flags->timeout_s,
                      "seconds to wait for a graceful stop when the attached up ends");
  command->add_option("--attach", flags->attach, "stream only these services' output")
      ->allow_extra_args(false);
  command->add_option("--no-attach", flags->no_attach, "do not stream these services' output")
      ->allow_extra_args(false);
  command->add_flag("--abort-on-container-exit", flags->abort_on_exit,
                    "stop the stack when any container exits");
  command->add_flag("--abort-on-container-failure", flags->abort_on_failure,
                    "stop the stack when any container exits non-zero");
  command->add_option("--exit-code-from", flags->exit_code_from,
                      "return this service's exit code (implies --abort-on-container-exit)");
  command->add_flag("--no-color", flags->no_colour, "no colours in the output");
  command->add_option("services", flags->services, "services to start (default: all)");
  command->callback([&global, project_options, flags] {
    project_options->services = flags->services;
    engine::PhaseTimings load_timing;
    auto project = load_project_with_warnings(*project_options);
    load_timing.finish("load");
    ProgressView view(stderr, parse_progress_mode(flags->progress, ::isatty(2)));
    engine::EngineContext context(global.locations());
    auto finish_up = [&](const engine::UpResult& result) {
      if (timings_requested(flags->timings)) {
        auto phases = load_timing.phases();
        phases.insert(phases.end(), result.timings.begin(), result.timings.end());
        print_timings(phases);
      }
      if (!result.succeeded()) throw Error(result.failure_summary());
    };
    if (!attached(*flags)) {
      finish_up(engine::up(context, project, up_options(*flags), view.sink()));
      return;
    }
    auto attach = attach_options(*flags, project);
    attach.since = runtime::timestamp_now();
    // Taken before the containers start: a Ctrl-C during up stops the stack after it.
    SignalWatch signals;
    finish_up(engine::up(context, project, up_options(*flags), view.sink()));
    if (int code = run_attached(context, project, attach, signals, view.sink()); code != 0)
      throw ExitStatus{code};
  });
}

}  // namespace berth::cli
