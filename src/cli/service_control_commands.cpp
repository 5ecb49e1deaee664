#include <signal.h>
#include <unistd.h>

#include <functional>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/progress_view.h"
#include "engine/service_control.h"
#include "engine/service_settings.h"

namespace berth::cli {

namespace {
struct ControlFlags {
  std::vector<std::string> services;
  std::string progress = "auto";
  int timeout_s = -1;
  std::string signal = "SIGKILL";
  bool force = false;
  bool stop = false;
  bool volumes = false;
  bool include_oneoffs = false;  // rm: one-off (`run`) containers go too, as in compose

  std::optional<int> grace_ms() const {
    if (timeout_s < 0) return std::nullopt;
    return timeout_s * 1000;
  }
};

using ControlAction = std::function<void(engine::EngineContext&, const spec::Project&,
                                         const std::vector<engine::ContainerRecord>&,
                                         const ControlFlags&, const engine::ProgressSink&)>;

// Registers a verb that acts on the containers of the named services (default all).
std::shared_ptr<ControlFlags> add_control(CLI::App& app, const GlobalOptions& global,
                                          const std::string& name, const std::string& help,
                                          ControlAction action) {
  auto* command = app.add_subcommand(name, help);
  // rm -f is --force, as in docker compose, so the file is --file there.
  auto project_options =
      add_compose_flags(*command, name == "rm" ? FileFlag::long_only : FileFlag::short_and_long);
  auto flags = std::make_shared<ControlFlags>();
  command->add_option("--progress", flags->progress, "auto, tty, plain, quiet or json");
  command->add_option("services", flags->services, "services (default: all)");
  command->callback([&global, project_options, flags, action] {
    auto project = load_project_with_warnings(*project_options);
    ProgressView view(stderr, parse_progress_mode(flags->progress, ::isatty(2)));
    engine::EngineContext context(global.locations());
    auto records = engine::select_containers(
        context, project, flags->services,
        flags->include_oneoffs ? engine::OneOffs::include : engine::OneOffs::exclude);
    action(context, project, records, *flags, view.sink());
  });
  return flags;
}
}  // namespace

void add_service_control_commands(CLI::App& app, const GlobalOptions& global) {
  auto stop = add_control(app, global, "stop", "Stop the stack's containers, keeping them",
                          [](auto& context, auto&, auto& records, auto& flags, auto& progress) {
                            engine::stop_containers(context, records, flags.grace_ms(), progress);
                          });
  app.get_subcommand("stop")->add_option("-t,--timeout", stop->timeout_s,
                                         "seconds to wait for a graceful stop");

  add_control(app, global, "start", "Start the stack's existing containers",
              [](auto& context, auto& project, auto& records, auto&, auto& progress) {
                engine::start_containers(context, project, records, progress);
              });

  auto restart = add_control(
      app, global, "restart", "Restart the stack's containers",
      [](auto& context, auto& project, auto& records, auto& flags, auto& progress) {
        engine::restart_containers(context, project, records, flags.grace_ms(), progress);
      });
  app.get_subcommand("restart")->add_option("-t,--timeout", restart->timeout_s,
                                            "seconds to wait for a graceful stop");

  auto kill = add_control(app, global, "kill", "Send a signal to the stack's running containers",
                          [](auto& context, auto&, auto& records, auto& flags, auto& progress) {
                            engine::kill_containers(context, records,
                                                    engine::parse_signal(flags.signal), progress);
                          });
  app.get_subcommand("kill")->add_option("-s,--signal", kill->signal,
                                         "signal name or number (default SIGKILL)");

  add_control(app, global, "pause", "Freeze the stack's running containers",
              [](auto& context, auto&, auto& records, auto&, auto& progress) {
                engine::pause_containers(context, records, true, progress);
              });
  add_control(app, global, "unpause", "Thaw the stack's paused containers",
              [](auto& context, auto&, auto& records, auto&, auto& progress) {
                engine::pause_containers(context, records, false, progress);
              });

  auto rm = add_control(
      app, global, "rm", "Remove the stack's stopped containers",
      [](auto& context, auto& project, auto& records, auto& flags, auto& progress) {
        engine::remove_containers(context, project, records, flags.stop, flags.volumes, progress);
      });
  rm->include_oneoffs = true;
  auto* rm_command = app.get_subcommand("rm");
  rm_command->add_flag("-f,--force", rm->force, "do not ask (berth never asks)");
  rm_command->add_flag("-s,--stop", rm->stop, "stop running containers first");
  rm_command->add_flag("-v,--volumes", rm->volumes, "also remove their anonymous volumes");
}

}  // namespace berth::cli
