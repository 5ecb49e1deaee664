#pragma once

#include <CLI/CLI.hpp>
#include <memory>

#include "spec/project.h"

namespace berth::cli {

// The compose-wide flags (-f, -p, --project-directory, --env-file, --profile,
// --strict) for a verb that loads a stack; filled in as CLI11 parses.
std::shared_ptr<spec::ProjectOptions> add_compose_flags(CLI::App& command);

// Loads the project and prints its warnings to stderr.
spec::Project load_project_with_warnings(const spec::ProjectOptions& options);

}  // namespace berth::cli
