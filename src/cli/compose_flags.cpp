#include "cli/compose_flags.h"

#include "util/log.h"

namespace berth::cli {

namespace {
// Filled while main parses the flags before the verb; read when a verb loads its stack.
std::shared_ptr<spec::ProjectOptions>& leading_options() {
  static auto options = std::make_shared<spec::ProjectOptions>();
  return options;
}
}  // namespace

spec::ProjectOptions with_leading_compose_flags(const spec::ProjectOptions& verb) {
  const auto& leading = *leading_options();
  spec::ProjectOptions merged = verb;
  merged.files = leading.files;
  merged.files.insert(merged.files.end(), verb.files.begin(), verb.files.end());
  if (merged.project_directory.empty()) merged.project_directory = leading.project_directory;
  if (!merged.project_name) merged.project_name = leading.project_name;
  merged.env_files = leading.env_files;
  merged.env_files.insert(merged.env_files.end(), verb.env_files.begin(), verb.env_files.end());
  if (!merged.profiles) merged.profiles = leading.profiles;
  merged.strict = verb.strict || leading.strict;
  return merged;
}

void add_leading_compose_flags(CLI::App& app) { leading_options() = add_compose_flags(app); }

std::shared_ptr<spec::ProjectOptions> add_compose_flags(CLI::App& command, FileFlag file_flag,
                                                        ProjectNameFlag project_name_flag) {
  auto options = std::make_shared<spec::ProjectOptions>();
  command
      .add_option(file_flag == FileFlag::short_and_long ? "-f,--file" : "--file", options->files,
                  "compose file (repeatable; - for stdin)")
      ->allow_extra_args(false);  // one file per flag: what follows are the verb's arguments
  command.add_option(
      project_name_flag == ProjectNameFlag::short_and_long ? "-p,--project-name" : "--project-name",
      options->project_name, "project name");
  command.add_option("--project-directory", options->project_directory,
                     "directory relative paths resolve against (default: the first file's)");
  command.add_option("--env-file", options->env_files, "env file for interpolation (repeatable)")
      ->allow_extra_args(false);
  // Runs only when the flag is given: without it, COMPOSE_PROFILES decides.
  command
      .add_option_function<std::vector<std::string>>(
          "--profile",
          [options](const std::vector<std::string>& profiles) { options->profiles = profiles; },
          "enable a profile (repeatable)")
      ->allow_extra_args(false);
  command.add_flag("--strict", options->strict,
                   "treat specification keys berth does not implement yet as errors");
  return options;
}

spec::Project load_project_with_warnings(const spec::ProjectOptions& options) {
  spec::Project project = spec::load_project(with_leading_compose_flags(options));
  for (const auto& warning : project.warnings) log::warn("{}", warning);
  return project;
}

}  // namespace berth::cli
