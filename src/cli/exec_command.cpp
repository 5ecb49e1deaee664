#include <unistd.h>

#include <cstdlib>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/exit_status.h"
#include "cli/terminal_relay.h"
#include "engine/service_control.h"
#include "runtime/container_control.h"
#include "runtime/container_state.h"
#include "runtime/pseudo_terminal.h"
#include "runtime/spec_json.h"
#include "runtime/supervisor.h"
#include "util/error.h"

namespace berth::cli {

namespace {
struct ExecFlags {
  bool no_tty = false;
  bool interactive = true;
  bool tty = true;
  bool privileged = false;
  std::string user, workdir;
  std::vector<std::string> env;
  int index = 1;
  std::string service;
  std::vector<std::string> command;
};

std::string host_value(const std::string& key) {
  const char* value = std::getenv(key.c_str());
  return value ? value : "";
}

// Docker's exec: the container's environment and working directory, -e and -w on top.
runtime::ProcessSpec exec_process(const runtime::ContainerSpec& spec, const ExecFlags& flags,
                                  bool tty) {
  runtime::ProcessSpec process;
  process.args = flags.command;
  process.env = spec.process.env;
  for (const auto& entry : flags.env) {
    auto key = entry.substr(0, entry.find('='));
    std::erase_if(process.env, [&](const std::string& existing) {
      return existing.substr(0, existing.find('=')) == key;
    });
    process.env.push_back(entry.find('=') == std::string::npos ? entry + "=" + host_value(entry)
                                                               : entry);
  }
  process.cwd = flags.workdir.empty() ? spec.process.cwd : flags.workdir;
  process.user = flags.user;
  process.tty = tty;
  process.stdin_open = flags.interactive;
  return process;
}
}  // namespace

void add_exec_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("exec", "Run a command in a running service container");
  auto project_options = add_compose_flags(*command);
  auto flags = std::make_shared<ExecFlags>();
  command->add_flag("-T,--no-TTY", flags->no_tty, "no pseudo-terminal");
  command->add_flag("-i,--interactive", flags->interactive, "keep stdin open (the default)");
  command->add_flag("-t,--tty", flags->tty, "a pseudo-terminal (the default on a terminal)");
  command->add_flag("--privileged", flags->privileged, "all capabilities for the command");
  command->add_option("-u,--user", flags->user, "user (name, uid, uid:gid)");
  command->add_option("-w,--workdir", flags->workdir, "working directory inside");
  command->add_option("-e,--env", flags->env, "KEY=VALUE (repeatable)")->allow_extra_args(false);
  command->add_option("--index", flags->index, "the replica of the service (default 1)");
  command->add_option("service", flags->service, "the service")->required();
  // Everything after SERVICE is the command, its own flags included.
  command->prefix_command();
  command->fallthrough(false);
  command->footer("Usage: berth exec [OPTIONS] SERVICE COMMAND [ARGS...]");
  command->callback([&global, command, project_options, flags] {
    flags->command = command->remaining();
    if (flags->command.empty()) throw Error("exec needs a command to run");
    auto project = load_project_with_warnings(*project_options);
    engine::EngineContext context(global.locations());
    auto target = engine::select_replica(context, project, flags->service, flags->index);
    auto dir = context.runtime_dir(target.name).string();
    auto spec = runtime::read_spec_file(runtime::ContainerFiles{dir}.spec());
    bool tty = !flags->no_tty && ::isatty(0) && ::isatty(1);
    auto process = exec_process(spec, *flags, tty);
    int code = 0;
    if (tty) {
      TerminalRelay relay(runtime::open_container_terminal(runtime::read_container_state(dir).pid));
      code = runtime::exec_in_container(
          dir, process, {relay.terminal(), relay.terminal(), relay.terminal(), true},
          flags->privileged);
      relay.finish();
    } else {
      code = runtime::exec_in_container(dir, process, {flags->interactive ? 0 : -1, 1, 2, false},
                                        flags->privileged);
    }
    if (code != 0) throw ExitStatus{code};
  });
}

}  // namespace berth::cli
