#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "engine/container_lifecycle.h"
#include "engine/engine_context.h"

namespace berth::cli {

namespace {
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
  command->add_option("--format", *format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  command->add_flag("-a,--all", *all, "also stopped containers and those of `run`");
  command->add_flag("-q,--quiet", *quiet, "names only");
  command->add_flag("--services", *services_only, "service names only");
  command->callback([&global, project_options, format, all, quiet, services_only] {
    auto project = load_project_with_warnings(*project_options);
    engine::EngineContext context(global.locations());
    if (*format == "table" && !*quiet && !*services_only)
      std::printf("%-32s %-16s %-24s %s\n", "NAME", "SERVICE", "STATUS", "IMAGE");
    for (const auto& record : context.containers.of_project(project.name)) {
      auto state = engine::container_status(context, record.name);
      // Like compose: one-off (`run`) containers show with -a only.
      if (!*all && (!engine::is_running(state) || record.oneoff)) continue;
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
