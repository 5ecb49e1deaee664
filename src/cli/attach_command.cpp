#include <cstdio>

#include "cli/attach_input.h"
#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/exit_status.h"
#include "cli/signal_watch.h"
#include "engine/container_lifecycle.h"
#include "engine/log_follower.h"
#include "engine/service_control.h"
#include "runtime/container_control.h"
#include "runtime/supervisor.h"
#include "util/error.h"
#include "util/file_watch.h"

namespace berth::cli {

namespace {
struct AttachFlags {
  std::string service;
  int index = 1;
  bool no_stdin = false;
  bool sig_proxy = true;
  std::string detach_keys;
};

constexpr auto kAttachPollInterval = std::chrono::milliseconds(100);
// Typing and output go through at once; signals are looked at this often.
constexpr auto kInteractivePollInterval = std::chrono::milliseconds(20);

// A terminal's output is passed on as it came (prompts end no line).
void print(const engine::ContainerLogLine& line, bool terminal) {
  std::FILE* out = line.entry.stream == "stderr" ? stderr : stdout;
  std::fputs(line.entry.log.c_str(), out);
  if (!terminal && (line.entry.log.empty() || line.entry.log.back() != '\n')) std::fputc('\n', out);
  std::fflush(out);
}
}  // namespace

// What the container writes from now on, until it exits (its exit code passes
// through) or the user detaches; with stdin_open, what the user types goes to
// its stdin (raw, through its terminal, when it has one).
void add_attach_command(CLI::App& app, const GlobalOptions& global) {
  auto* command =
      app.add_subcommand("attach", "Attach to a service container's output until it exits");
  auto project_options = add_compose_flags(*command);
  auto flags = std::make_shared<AttachFlags>();
  command->add_option("--index", flags->index, "the replica of the service (default 1)");
  command->add_flag("--no-stdin", flags->no_stdin, "do not attach stdin");
  command->add_option("--sig-proxy", flags->sig_proxy,
                      "pass Ctrl-C and SIGTERM on to the container (default true); false detaches");
  command->add_option("--detach-keys", flags->detach_keys,
                      "the keys that detach while stdin is attached (default ctrl-p,ctrl-q); "
                      "without stdin, Ctrl-C detaches with --sig-proxy=false");
  command->add_option("service", flags->service, "the service")->required();
  command->callback([&global, project_options, flags] {
    auto project = load_project_with_warnings(*project_options);
    engine::EngineContext context(global.locations());
    auto container = engine::select_replica(context, project, flags->service, flags->index);
    if (!engine::is_running(engine::container_status(context, container.name)))
      throw Error("container is not running", container.name);
    const auto& service = project.services.at(flags->service);
    auto dir = context.runtime_dir(container.name).string();
    std::optional<AttachInput> input;
    if (!flags->no_stdin && service.stdin_open) {
      runtime::ContainerFiles files{dir};
      input.emplace(files.stdin_fifo(), service.tty ? files.terminal() : "",
                    parse_detach_keys(flags->detach_keys));
    }
    engine::LogFollower follower({0, {}, {}});
    follower.add(container.name, engine::container_log_path(context, container.name));
    follower.read();  // what was written before attaching is `logs`' business
    FileWatch changes;
    engine::watch_container(changes, context, container.name);
    SignalWatch signals;
    while (true) {
      int signal = input ? signals.wait(std::chrono::milliseconds(0))
                         : signals.wait(kAttachPollInterval, &changes);
      if (signal != 0 && !flags->sig_proxy) return;
      if (signal != 0) runtime::kill_container(dir, signal);
      if (input && !input->pump(kInteractivePollInterval, changes.fd())) return;
      if (input) changes.drain();
      for (const auto& line : follower.read()) print(line, service.tty);
      auto state = engine::container_status(context, container.name);
      if (engine::is_running(state)) continue;
      for (const auto& line : follower.read()) print(line, service.tty);
      if (state.exit_code != 0) throw ExitStatus{state.exit_code};
      return;
    }
  });
}

}  // namespace berth::cli
