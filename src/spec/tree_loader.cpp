#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "spec/errors.h"
#include "spec/extends.h"
#include "spec/interpolation.h"
#include "spec/merge.h"
#include "spec/paths.h"
#include "spec/project.h"
#include "spec/reader.h"
#include "spec/yaml_reader.h"
#include "util/error.h"

extern char** environ;

namespace berth::spec {

namespace fs = std::filesystem;

namespace {

std::string read_text(const std::string& path) {
  if (path == "-") {
    std::stringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path);
  if (!in) throw Error("reading stack file", path, errno);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> split(const std::string& text, const std::string& separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + separator.size();
  }
  return parts;
}

// Reads one project's worth of files (the top project or an include).
class TreeReader {
 public:
  TreeReader(const ProjectOptions& options, Environment environment, std::set<std::string>& unset,
             std::vector<std::string> include_chain)
      : options_(options),
        environment_(std::move(environment)),
        unset_(unset),
        include_chain_(std::move(include_chain)) {}

  Node read_files(const std::vector<std::string>& files) {
    Node merged = Node::mapping();
    for (const auto& file : files) {
      Node tree = read_resolved(file);
      merge_nodes(merged, tree);
    }
    strip_merge_tags(merged);
    return merged;
  }

 private:
  Node read_resolved(const std::string& file) {
    Node tree = parse_file(file);
    apply_includes(tree, file);
    resolve_extends(tree, file,
                    [this](const std::string& other) -> const Node& { return raw(other); });
    return tree;
  }

  Node parse_file(const std::string& file) {
    std::string name = file == "-" ? options_.stdin_name : file;
    Node tree = parse_yaml(read_text(file), name);
    if (tree.is_null()) tree = Node::mapping(Mark{name, 1, 1});
    if (!tree.is_mapping())
      fail_at(tree.mark, "", "a stack file must be a mapping at the top level");
    if (options_.interpolate) {
      VariableLookup lookup = [this](const std::string& key) -> std::optional<std::string> {
        auto it = environment_.find(key);
        if (it == environment_.end()) return std::nullopt;
        return it->second;
      };
      interpolate_tree(tree, lookup, unset_);
    }
    return tree;
  }

  const Node& raw(const std::string& file) {
    auto it = raw_cache_.find(file);
    if (it != raw_cache_.end()) return it->second;
    Node tree = parse_file(file);
    absolutize_paths(tree, directory_of(file));
    return raw_cache_.emplace(file, std::move(tree)).first->second;
  }

  void apply_includes(Node& tree, const std::string& file);

  const ProjectOptions& options_;
  Environment environment_;
  std::set<std::string>& unset_;
  std::vector<std::string> include_chain_;
  std::map<std::string, Node> raw_cache_;
};

Environment environment_for(const std::vector<std::string>& env_files, const std::string& dir,
                            const Environment& shell) {
  std::vector<std::string> files = env_files;
  if (files.empty() && fs::exists(fs::path(dir) / ".env"))
    files.push_back((fs::path(dir) / ".env").string());
  Environment merged;
  VariableLookup lookup = [&](const std::string& key) -> std::optional<std::string> {
    if (auto it = shell.find(key); it != shell.end()) return it->second;
    if (auto it = merged.find(key); it != merged.end()) return it->second;
    return std::nullopt;
  };
  for (const auto& file : files)
    for (auto& [key, value] : read_dotenv_file(file, lookup)) merged[key] = value;
  for (const auto& [key, value] : shell) merged[key] = value;  // the shell wins
  return merged;
}

void merge_included(Node& tree, const Node& included, const std::string& source) {
  for (const auto& section : {"services", "networks", "volumes", "configs", "secrets"}) {
    const Node* from = included.find(section);
    if (!from || !from->is_mapping()) continue;
    Node* into = tree.find(section);
    if (!into || into->is_null()) into = &tree.set(section, Node::mapping(from->mark));
    for (const auto& entry : from->entries) {
      if (const Node* existing = into->find(entry.key))
        fail_at(existing->mark, std::string(section) + "." + entry.key,
                "also defined by included " + source);
      into->entries.push_back(entry);
    }
  }
}

void TreeReader::apply_includes(Node& tree, const std::string& file) {
  const Node* include = tree.find("include");
  if (!include) return;
  expect_sequence(*include, "include");
  std::string base = file == "-" ? fs::current_path().string() : directory_of(file);
  Node included_all = Node::mapping();
  for (size_t i = 0; i < include->items.size(); ++i) {
    const Node& item = include->items[i];
    std::string path = item_path("include", i);
    std::vector<std::string> files, env_files;
    std::string project_dir;
    if (item.is_scalar()) {
      files.push_back(resolve_path(item.value, base));
    } else {
      expect_mapping(item, path);
      const Node* paths = item.find("path");
      if (!paths) fail_at(item.mark, path, "missing \"path\"");
      for (auto& f : read_string_list(*paths, path + ".path", true))
        files.push_back(resolve_path(f, base));
      if (const Node* x = item.find("project_directory"))
        project_dir = resolve_path(read_string(*x, path + ".project_directory"), base);
      if (const Node* x = item.find("env_file"))
        for (auto& f : read_string_list(*x, path + ".env_file", true))
          env_files.push_back(resolve_path(f, base));
    }
    for (const auto& f : files)
      if (std::find(include_chain_.begin(), include_chain_.end(), f) != include_chain_.end())
        fail_at(item.mark, path, "include cycle through " + f);
    if (project_dir.empty()) project_dir = directory_of(files.front());
    Environment shell = options_.environment ? *options_.environment : process_environment();
    std::vector<std::string> chain = include_chain_;
    chain.push_back(file);
    TreeReader reader(options_, environment_for(env_files, project_dir, shell), unset_, chain);
    Node included = reader.read_files(files);
    absolutize_paths(included, project_dir);
    merge_included(included_all, included, files.front());
  }
  tree.erase("include");
  merge_included(tree, included_all, "files");
}

std::vector<std::string> choose_files(const ProjectOptions& options, const Environment& env,
                                      const std::string& base_dir) {
  if (!options.files.empty()) return options.files;
  if (auto it = env.find("COMPOSE_FILE"); it != env.end() && !it->second.empty()) {
    auto separator = env.count("COMPOSE_PATH_SEPARATOR") ? env.at("COMPOSE_PATH_SEPARATOR") : ":";
    std::vector<std::string> files;
    for (auto& f : split(it->second, separator)) files.push_back(resolve_path(f, base_dir));
    return files;
  }
  return discover_files(base_dir);  // empty when there is none
}

std::string base_dir_of(const ProjectOptions& options) {
  return !options.project_directory.empty()
             ? resolve_path(options.project_directory, fs::current_path())
         : (!options.files.empty() && options.files[0] != "-") ? directory_of(options.files[0])
                                                               : fs::current_path().string();
}

// The shell's environment with the project's .env (or --env-file) under it.
Environment loading_environment(const ProjectOptions& options, const std::string& base_dir) {
  Environment shell = options.environment ? *options.environment : process_environment();
  std::vector<std::string> env_files;
  for (const auto& f : options.env_files) env_files.push_back(resolve_path(f, fs::current_path()));
  return environment_for(env_files, base_dir, shell);
}

}  // namespace

Environment process_environment() {
  Environment env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string text = *entry;
    size_t split_at = text.find('=');
    if (split_at != std::string::npos) env[text.substr(0, split_at)] = text.substr(split_at + 1);
  }
  return env;
}

std::vector<std::string> discover_files(const std::string& dir) {
  static const char* kNames[] = {"compose.yaml", "compose.yml", "docker-compose.yml",
                                 "docker-compose.yaml"};
  for (fs::path current = fs::absolute(dir);; current = current.parent_path()) {
    for (const char* name : kNames) {
      fs::path candidate = current / name;
      if (!fs::is_regular_file(candidate)) continue;
      std::vector<std::string> files = {candidate.lexically_normal().string()};
      fs::path override_file =
          current / (candidate.stem().string() + ".override" + candidate.extension().string());
      if (fs::is_regular_file(override_file))
        files.push_back(override_file.lexically_normal().string());
      return files;
    }
    if (current == current.parent_path()) return {};
  }
}

bool finds_stack_files(const ProjectOptions& options) {
  std::string base_dir = base_dir_of(options);
  return !choose_files(options, loading_environment(options, base_dir), base_dir).empty();
}

LoadedTree load_tree(const ProjectOptions& options) {
  std::string base_dir = base_dir_of(options);
  LoadedTree loaded;
  loaded.environment = loading_environment(options, base_dir);
  auto files = choose_files(options, loaded.environment, base_dir);
  if (files.empty())
    throw Error(
        "no configuration file provided: no compose.yaml, compose.yml, docker-compose.yml "
        "or docker-compose.yaml in " +
        base_dir + " or its parents");
  for (const auto& f : files)
    loaded.files.push_back(f == "-" ? f : resolve_path(f, fs::current_path()));
  loaded.working_dir = options.project_directory.empty() && loaded.files[0] != "-"
                           ? directory_of(loaded.files[0])
                           : base_dir;
  TreeReader reader(options, loaded.environment, loaded.unset, {});
  loaded.root = reader.read_files(loaded.files);
  for (const auto& name : loaded.unset)
    loaded.warnings.push_back("the \"" + name +
                              "\" variable is not set, defaulting to a blank string");
  return loaded;
}

}  // namespace berth::spec
