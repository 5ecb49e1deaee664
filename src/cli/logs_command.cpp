#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/log_printer.h"
#include "engine/container_lifecycle.h"
#include "engine/log_follower.h"
#include "engine/service_control.h"
#include "util/error.h"
#include "util/file_watch.h"

namespace berth::cli {

namespace {
struct LogsFlags {
  bool follow = false;
  std::string tail = "all";
  bool timestamps = false;
  bool no_prefix = false;
  bool no_colour = false;
  std::string since, until;
  int index = 0;
  std::vector<std::string> services;
};

std::optional<size_t> parse_tail(const std::string& text) {
  if (text == "all" || text == "-1") return std::nullopt;
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    throw Error("--tail expects a number or \"all\"", text);
  return std::stoul(text);
}
}  // namespace

void add_logs_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("logs", "Show the output of the stack's containers");
  auto project_options = add_compose_flags(*command, FileFlag::long_only);
  auto flags = std::make_shared<LogsFlags>();
  command->add_flag("-f,--follow", flags->follow, "keep printing new output until they stop");
  command->add_option("-n,--tail", flags->tail, "lines from the end of each log, or \"all\"");
  command->add_flag("-t,--timestamps", flags->timestamps, "show each line's time");
  command->add_flag("--no-log-prefix", flags->no_prefix, "do not prefix lines with the name");
  command->add_flag("--no-color", flags->no_colour, "no colours");
  command->add_option("--since", flags->since, "from this time (RFC 3339) or duration ago (10m)");
  command->add_option("--until", flags->until, "up to this time (RFC 3339) or duration ago");
  command->add_option("--index", flags->index, "only this replica of the service");
  command->add_option("services", flags->services, "services to show (default: all)");
  command->callback([&global, project_options, flags] {
    auto project = load_project_with_warnings(*project_options);
    engine::EngineContext context(global.locations());
    engine::LogSelection selection;
    selection.tail = parse_tail(flags->tail);
    if (!flags->since.empty()) selection.since = engine::parse_log_time(flags->since);
    if (!flags->until.empty()) selection.until = engine::parse_log_time(flags->until);
    engine::LogFollower follower(selection);
    FileWatch changes;
    std::vector<std::string> names;
    for (const auto& record : engine::select_containers(context, project, flags->services)) {
      if (flags->index > 0 && record.number != flags->index) continue;
      follower.add(record.name, engine::container_log_path(context, record.name));
      engine::watch_container(changes, context, record.name);
      names.push_back(record.name);
    }
    LogPrinter printer(
        stdout, {::isatty(1) && !flags->no_colour, !flags->no_prefix, flags->timestamps}, names);
    for (const auto& line : follower.read()) printer.print(line);
    if (!flags->follow) return;
    for (bool last = false; !last;) {
      last = std::none_of(names.begin(), names.end(), [&](const std::string& name) {
        return engine::is_running(engine::container_status(context, name));
      });
      if (!last) changes.wait(std::chrono::milliseconds(100));
      for (const auto& line : follower.read()) printer.print(line);
    }
  });
}

}  // namespace berth::cli
