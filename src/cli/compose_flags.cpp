#include "cli/compose_flags.h"

#include "util/log.h"

namespace berth::cli {

std::shared_ptr<spec::ProjectOptions> add_compose_flags(CLI::App& command, FileFlag file_flag) {
  auto options = std::make_shared<spec::ProjectOptions>();
  auto profiles = std::make_shared<std::vector<std::string>>();
  command
      .add_option(file_flag == FileFlag::short_and_long ? "-f,--file" : "--file", options->files,
                  "compose file (repeatable; - for stdin)")
      ->allow_extra_args(false);  // one file per flag: what follows are the verb's arguments
  command.add_option("-p,--project-name", options->project_name, "project name");
  command.add_option("--project-directory", options->project_directory,
                     "directory relative paths resolve against (default: the first file's)");
  command.add_option("--env-file", options->env_files, "env file for interpolation (repeatable)")
      ->allow_extra_args(false);
  command.add_option("--profile", *profiles, "enable a profile (repeatable)")
      ->allow_extra_args(false)
      ->each([options](const std::string& profile) {
        if (!options->profiles) options->profiles.emplace();
        options->profiles->push_back(profile);
      });
  command.add_flag("--strict", options->strict,
                   "treat specification keys berth does not implement yet as errors");
  return options;
}

spec::Project load_project_with_warnings(const spec::ProjectOptions& options) {
  spec::Project project = spec::load_project(options);
  for (const auto& warning : project.warnings) log::warn("{}", warning);
  return project;
}

}  // namespace berth::cli
