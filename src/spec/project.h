#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "spec/dotenv.h"
#include "spec/model.h"
#include "spec/node.h"

// The entry point the engine uses: options in, a validated typed Project out.
namespace berth::spec {

struct ProjectOptions {
  std::vector<std::string> files;           // -f, in order; "-" reads stdin; empty: discover
  std::string project_directory;            // --project-directory; empty: first file's dir
  std::optional<std::string> project_name;  // -p
  std::vector<std::string> env_files;       // --env-file; empty: <project dir>/.env if present
  std::optional<std::vector<std::string>> profiles;  // --profile; nullopt: COMPOSE_PROFILES
  std::vector<std::string> services;  // named on the command line: enabled regardless of profile
  std::optional<Environment> environment;  // nullopt: this process's environment
  bool interpolate = true;
  bool strict = false;           // unsupported specification keys are errors
  std::string stdin_name = "-";  // how errors name a file read from stdin
};

// Every file read, merged into one tree, before typing (what --no-interpolate prints).
struct LoadedTree {
  Node root;
  std::string working_dir;
  std::vector<std::string> files;
  Environment environment;      // shell over dotenv: what interpolation saw
  std::set<std::string> unset;  // variables used without a value
  std::vector<std::string> warnings;
};

LoadedTree load_tree(const ProjectOptions& options);
Project build_project(LoadedTree tree, const ProjectOptions& options);
Project load_project(const ProjectOptions& options);

Environment process_environment();

// Compose's rule: lowercase, keep [a-z0-9_-], must start with a letter or digit.
std::string normalize_project_name(const std::string& name);
bool is_valid_project_name(const std::string& name);

// compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml (first
// found, searching `dir` then its parents) plus its *.override.* sibling.
std::vector<std::string> discover_files(const std::string& dir);

// Whether load_project would find stack files to read: -f, COMPOSE_FILE (in
// the environment or .env), or one found by discover_files.
bool finds_stack_files(const ProjectOptions& options);

}  // namespace berth::spec
