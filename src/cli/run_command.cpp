#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/exit_status.h"
#include "cli/output_relay.h"
#include "cli/progress_view.h"
#include "cli/signal_watch.h"
#include "cli/terminal_relay.h"
#include "engine/container_lifecycle.h"
#include "engine/stack_run.h"
#include "runtime/container_console.h"
#include "runtime/container_control.h"
#include "util/error.h"

namespace berth::cli {

namespace {
constexpr std::chrono::milliseconds kExitPoll{10};

struct RunFlags {
  bool detach = false;
  bool remove = false;
  bool no_tty = false;
  bool interactive = true;
  bool no_deps = false;
  bool service_ports = false;
  bool use_aliases = false, remove_orphans = false, quiet_pull = false;
  std::string name, user, workdir, entrypoint, progress = "auto";
  std::vector<std::string> env, labels, volumes, publish, cap_add, cap_drop;
  std::optional<std::string> pull;
  std::string service;
};

std::map<std::string, std::string> parse_labels(const std::vector<std::string>& entries) {
  std::map<std::string, std::string> labels;
  for (const auto& entry : entries) {
    auto equals = entry.find('=');
    if (equals == 0) throw Error("-l expects KEY=VALUE", entry);
    labels[entry.substr(0, equals)] = equals == std::string::npos ? "" : entry.substr(equals + 1);
  }
  return labels;
}

engine::RunOptions run_options(const RunFlags& flags, const CLI::App& command, bool tty) {
  engine::RunOptions options;
  options.service = flags.service;
  options.no_deps = flags.no_deps;
  options.pull = flags.pull;
  options.quiet_pull = flags.quiet_pull;
  options.use_aliases = flags.use_aliases;
  options.remove_orphans = flags.remove_orphans;
  auto& overrides = options.overrides;
  overrides.command = command.remaining();
  if (command.count("--entrypoint")) overrides.entrypoint = flags.entrypoint;
  overrides.environment = flags.env;
  if (command.count("--user")) overrides.user = flags.user;
  if (command.count("--workdir")) overrides.working_dir = flags.workdir;
  overrides.labels = parse_labels(flags.labels);
  overrides.volumes = flags.volumes;
  overrides.publish = flags.publish;
  overrides.service_ports = flags.service_ports;
  overrides.name = flags.name;
  overrides.tty = tty;
  overrides.stdin_open = flags.interactive;
  overrides.cap_add = flags.cap_add;
  overrides.cap_drop = flags.cap_drop;
  return options;
}

// Starts the container on the caller's streams (through a pseudo-terminal when
// `tty`), passes SIGINT/SIGTERM on to it, and returns its exit code once it is done.
int run_attached(engine::EngineContext& context, engine::ContainerLifecycle& lifecycle,
                 const engine::ContainerRecord& record, bool tty, bool interactive) {
  SignalWatch signals;
  std::optional<TerminalRelay> terminal;
  std::optional<OutputRelay> output;
  std::optional<runtime::ConsoleSocket> console;
  runtime::StdioFds stdio;
  if (tty) {
    console = runtime::make_console_socket();
    stdio.console = console->container.get();
  } else {
    output.emplace();
    stdio = {interactive ? 0 : -1, output->out(), output->err(), false};
  }
  lifecycle.start(record, stdio);
  if (output) output->release();
  if (console) {
    console->container.reset();  // the supervisor holds its own copy
    terminal.emplace(runtime::receive_console(console->server.get()));
  }
  auto dir = context.runtime_dir(record.name).string();
  runtime::ContainerState state;
  while (engine::is_running(state = engine::container_status(context, record.name))) {
    if (int signal = signals.wait(kExitPoll); signal != 0) {
      try {
        runtime::kill_container(dir, signal);
      } catch (const Error&) {
        // It ended meanwhile: the next look sees its exit.
      }
    }
  }
  if (terminal) terminal->finish();
  if (output) output->finish();
  return state.exit_code;
}
}  // namespace

void add_run_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("run", "Run a one-off command in a new service container");
  auto project_options =
      add_compose_flags(*command, FileFlag::short_and_long, ProjectNameFlag::long_only);
  auto flags = std::make_shared<RunFlags>();
  command->add_flag("-d,--detach", flags->detach, "run in the background and print its name");
  command->add_flag("--rm", flags->remove, "remove the container when it exits");
  command->add_option("--name", flags->name, "the container's name");
  command->add_option("-e,--env", flags->env, "KEY=VALUE or KEY (repeatable)")
      ->allow_extra_args(false);
  command->add_option("-l,--label", flags->labels, "KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  command->add_option("-u,--user", flags->user, "user (name, uid, uid:gid)");
  command->add_option("-w,--workdir", flags->workdir, "working directory inside");
  command->add_option("-v,--volume", flags->volumes, "bind mount or volume (repeatable)")
      ->allow_extra_args(false);
  command->add_option("-p,--publish", flags->publish, "publish a port (repeatable)")
      ->allow_extra_args(false);
  command->add_flag("--service-ports", flags->service_ports, "publish the service's ports");
  command->add_flag("--no-deps", flags->no_deps, "do not start the services it depends on");
  command->add_option("--entrypoint", flags->entrypoint, "override the image's entrypoint");
  command->add_flag("-T,--no-TTY", flags->no_tty,
                    "no pseudo-terminal (default: one on a terminal)");
  command->add_flag("-i,--interactive,!--no-interactive", flags->interactive,
                    "keep stdin open (the default)");
  command->add_option("--pull", flags->pull, "pull the image: always, missing or never")
      ->check(CLI::IsMember({"always", "missing", "never"}));
  command->add_option("--progress", flags->progress, "auto, tty, plain, quiet or json");
  command->add_option("--cap-add", flags->cap_add, "add a Linux capability (repeatable)")
      ->allow_extra_args(false);
  command->add_option("--cap-drop", flags->cap_drop, "drop a Linux capability (repeatable)")
      ->allow_extra_args(false);
  command->add_flag("--use-aliases", flags->use_aliases,
                    "answer to the service's name and network aliases too");
  command->add_flag("--remove-orphans", flags->remove_orphans,
                    "remove containers of services no longer in the stack");
  command->add_flag("--quiet-pull", flags->quiet_pull, "pull without progress lines");
  command->add_option("service", flags->service, "the service")->required();
  // Everything after SERVICE is the command, its own flags included.
  command->prefix_command();
  command->fallthrough(false);
  command->footer("Usage: berth run [OPTIONS] SERVICE [COMMAND] [ARGS...]");
  command->callback([&global, command, project_options, flags] {
    if (flags->detach && flags->remove)
      throw Error("--rm cannot be combined with -d: berth has no daemon to remove it on exit");
    bool tty = !flags->detach && !flags->no_tty && ::isatty(0);
    auto options = run_options(*flags, *command, tty);
    auto project = load_project_with_warnings(*project_options);
    ProgressView view(stderr, parse_progress_mode(flags->progress, ::isatty(2)));
    engine::EngineContext context(global.locations());
    auto record = engine::create_oneoff(context, project, options, view.sink());
    engine::ContainerLifecycle lifecycle(context, project);
    if (flags->detach) {
      lifecycle.start(record);
      std::printf("%s\n", record.name.c_str());
      return;
    }
    int code = 0;
    try {
      code = run_attached(context, lifecycle, record, tty, flags->interactive);
    } catch (const Error&) {
      if (flags->remove) lifecycle.remove(record, std::nullopt, true);
      throw;
    }
    if (flags->remove) lifecycle.remove(record, std::nullopt, true);
    if (code != 0) throw ExitStatus{code};
  });
}

}  // namespace berth::cli
