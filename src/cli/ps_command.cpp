#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "engine/container_lifecycle.h"
#include "engine/engine_context.h"
#include "util/error.h"

namespace berth::cli {

namespace {
// compose's container states, which --status and --filter status= take.
const std::set<std::string> kStates = {"paused", "restarting", "removing", "running",
                                       "dead",   "created",    "exited"};

// The states asked for by --status and --filter status=STATE; empty: any.
std::set<std::string> wanted_states(const std::vector<std::string>& statuses,
                                    const std::vector<std::string>& filters) {
  std::set<std::string> wanted(statuses.begin(), statuses.end());
  for (const auto& filter : filters) {
    auto equals = filter.find('=');
    if (equals == std::string::npos || filter.substr(0, equals) != "status")
      throw Error("--filter supports status=STATE only", filter);
    wanted.insert(filter.substr(equals + 1));
  }
  for (const auto& state : wanted)
    if (!kStates.count(state))
      throw Error(
          "unknown container state (paused, restarting, removing, running, dead, "
          "created or exited)",
          state);
  return wanted;
}

std::string status_text(const runtime::ContainerState& state) {
  if (state.status == "exited") return "exited (" + std::to_string(state.exit_code) + ")";
  if (!state.health.empty()) return state.status + " (" + state.health + ")";
  return state.status;
}
}  // namespace

void add_ps_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("ps", "List the stack's containers");
  auto project_options = add_compose_flags(*command);
  auto format = std::make_shared<std::string>("table");
  auto all = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  auto services_only = std::make_shared<bool>(false);
  auto statuses = std::make_shared<std::vector<std::string>>();
  auto filters = std::make_shared<std::vector<std::string>>();
  command->add_option("--format", *format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  command->add_flag("-a,--all", *all, "also stopped containers and those of `run`");
  command->add_flag("-q,--quiet", *quiet, "names only");
  command->add_flag("--services", *services_only, "service names only");
  command->add_option("--status", *statuses, "only containers in this state (repeatable)")
      ->allow_extra_args(false);
  command->add_option("--filter", *filters, "status=STATE (repeatable)")->allow_extra_args(false);
  command->callback(
      [&global, project_options, format, all, quiet, services_only, statuses, filters] {
        auto wanted = wanted_states(*statuses, *filters);
        auto project = load_project_with_warnings(*project_options);
        engine::EngineContext context(global.locations());
        if (*format == "table" && !*quiet && !*services_only)
          std::printf("%-32s %-16s %-24s %s\n", "NAME", "SERVICE", "STATUS", "IMAGE");
        for (const auto& record : context.containers.of_project(project.name)) {
          auto state = engine::container_status(context, record.name);
          // Like compose: one-off (`run`) containers show with -a only, and a state
          // asked for shows whether running or not.
          if (!*all && record.oneoff) continue;
          if (!wanted.empty() ? !wanted.count(state.status) : !*all && !engine::is_running(state))
            continue;
          if (*quiet) {
            std::printf("%s\n", record.name.c_str());
          } else if (*services_only) {
            std::printf("%s\n", record.service.c_str());
          } else if (*format == "json") {
            nlohmann::json line = {{"Name", record.name},       {"Service", record.service},
                                   {"Project", record.project}, {"State", state.status},
                                   {"Health", state.health},    {"ExitCode", state.exit_code},
                                   {"Image", record.image_id},  {"Labels", record.labels}};
            std::printf("%s\n", line.dump().c_str());
          } else {
            std::string image = project.services.count(record.service)
                                    ? project.services.at(record.service).image
                                    : record.image_id;
            std::printf("%-32s %-16s %-24s %s\n", record.name.c_str(), record.service.c_str(),
                        status_text(state).c_str(), image.c_str());
          }
        }
      });
}

}  // namespace berth::cli
