#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/global_options.h"

namespace berth::cli {

// The verbs one registration function adds (some add several, like start/stop).
struct VerbGroup {
  std::vector<std::string> names;
  void (*add)(CLI::App& app, const GlobalOptions& options);
};

// Every verb of berth, in the order `berth --help` lists them.
const std::vector<VerbGroup>& verb_groups();

// The options accepted before (and, through fallthrough, after) any verb.
void add_global_options(CLI::App& app, GlobalOptions& options);

// The verb the arguments choose, read past the global options as CLI11 reads
// them; none for `berth`, `berth --help` or arguments the full parse must judge.
std::optional<std::string> chosen_verb(int argc, const char* const* argv);

// Registers the group of `verb` alone (building the dozens of others costs a few
// milliseconds at every start), or every verb when the group is unknown, so that
// help and errors list them all.
void add_verbs(CLI::App& app, const GlobalOptions& options, const std::optional<std::string>& verb);

}  // namespace berth::cli
