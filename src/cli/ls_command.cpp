#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "engine/container_lifecycle.h"
#include "engine/engine_context.h"

namespace berth::cli {

namespace {
// "running(2), exited(1)", as docker compose ls sums a project up.
std::string status_summary(const std::map<std::string, int>& counts) {
  std::string summary;
  for (const auto& [status, count] : counts)
    summary += (summary.empty() ? "" : ", ") + status + "(" + std::to_string(count) + ")";
  return summary;
}
}  // namespace

void add_ls_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("ls", "List the projects of the state root");
  auto all = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  auto format = std::make_shared<std::string>("table");
  command->add_flag("-a,--all", *all, "also projects with no running container");
  command->add_flag("-q,--quiet", *quiet, "names only");
  command->add_option("--format", *format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  command->callback([&global, all, quiet, format] {
    engine::EngineContext context(global.locations());
    auto listing = nlohmann::json::array();
    if (*format == "table" && !*quiet)
      std::printf("%-24s %-28s %s\n", "NAME", "STATUS", "CONFIG FILES");
    for (const auto& project : context.containers.projects()) {
      std::map<std::string, int> counts;
      for (const auto& record : context.containers.of_project(project.name))
        ++counts[engine::container_status(context, record.name).status];
      if (!*all && !counts.count("running") && !counts.count("restarting") &&
          !counts.count("paused"))
        continue;
      auto summary = status_summary(counts);
      if (*quiet)
        std::printf("%s\n", project.name.c_str());
      else if (*format == "json")
        listing.push_back(
            {{"Name", project.name}, {"Status", summary}, {"ConfigFiles", project.config_files}});
      else
        std::printf("%-24s %-28s %s\n", project.name.c_str(), summary.c_str(),
                    project.config_files.c_str());
    }
    if (*format == "json" && !*quiet) std::printf("%s\n", listing.dump().c_str());
  });
}

}  // namespace berth::cli
