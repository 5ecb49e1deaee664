#pragma once

#include <CLI/CLI.hpp>
#include <memory>

#include "spec/project.h"

namespace berth::cli {

// Verbs whose own -f means something else (logs -f, rm -f) take the file as --file only.
enum class FileFlag { short_and_long, long_only };
// Likewise `run -p` publishes a port, so there the project is --project-name only.
enum class ProjectNameFlag { short_and_long, long_only };

// The compose-wide flags (-f, -p, --project-directory, --env-file, --profile,
// --strict) for a verb that loads a stack; filled in as CLI11 parses.
std::shared_ptr<spec::ProjectOptions> add_compose_flags(
    CLI::App& command, FileFlag file_flag = FileFlag::short_and_long,
    ProjectNameFlag project_name_flag = ProjectNameFlag::short_and_long);

// The same flags before the verb (`berth -f a.yaml up`), as docker compose takes
// them; a verb's own flags add to them (files) or win over them (the rest).
void add_leading_compose_flags(CLI::App& app);
spec::ProjectOptions with_leading_compose_flags(const spec::ProjectOptions& verb);

// Loads the project (leading flags included) and prints its warnings to stderr.
spec::Project load_project_with_warnings(const spec::ProjectOptions& options);

}  // namespace berth::cli
