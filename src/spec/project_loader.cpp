#include <algorithm>
#include <filesystem>

#include "spec/errors.h"
#include "spec/project.h"
#include "spec/reader.h"
#include "spec/resources_parser.h"
#include "spec/service_parser.h"
#include "spec/validate.h"
#include "util/error.h"

namespace berth::spec {

namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find(',', start), text.size());
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string choose_project_name(const LoadedTree& tree, const ProjectOptions& options) {
  if (options.project_name) {
    if (!is_valid_project_name(*options.project_name))
      throw Error(
          "invalid project name \"" + *options.project_name +
          "\": use only lowercase letters, digits, '_' and '-', starting with a letter or digit");
    return *options.project_name;
  }
  if (auto it = tree.environment.find("COMPOSE_PROJECT_NAME");
      it != tree.environment.end() && !it->second.empty())
    return normalize_project_name(it->second);
  if (const Node* name = tree.root.find("name"); name && !name->is_null()) {
    std::string normalized = normalize_project_name(read_string(*name, "name"));
    if (normalized.empty())
      fail_at(name->mark, "name", "project name \"" + name->value + "\" has no usable characters");
    return normalized;
  }
  std::string normalized =
      normalize_project_name(std::filesystem::path(tree.working_dir).filename().string());
  if (normalized.empty())
    throw Error("cannot derive a project name from directory \"" + tree.working_dir +
                "\": use -p or name:");
  return normalized;
}

std::vector<std::string> active_profiles(const LoadedTree& tree, const ProjectOptions& options) {
  if (options.profiles) return *options.profiles;
  auto it = tree.environment.find("COMPOSE_PROFILES");
  return it == tree.environment.end() ? std::vector<std::string>{} : split_list(it->second);
}

bool is_enabled(const Service& service, const std::vector<std::string>& profiles,
                const ProjectOptions& options) {
  if (service.profiles.empty()) return true;
  if (std::find(options.services.begin(), options.services.end(), service.name) !=
      options.services.end())
    return true;
  for (const auto& profile : service.profiles)
    if (profile == "*" || std::find(profiles.begin(), profiles.end(), profile) != profiles.end())
      return true;
  return std::find(profiles.begin(), profiles.end(), "*") != profiles.end();
}

void check_top_level(const Node& root, ParseContext& context) {
  check_keys(
      root, "",
      {"name", "services", "networks", "volumes", "configs", "secrets", "version", "include"},
      {"models"}, context);
  if (const Node* version = root.find("version"))
    context.warnings.push_back(
        describe_at(version->mark, "version", "the attribute is obsolete and ignored"));
}

template <typename Parse>
void parse_section(const Node& root, const char* section, Parse parse) {
  const Node* node = root.find(section);
  if (!node || node->is_null()) return;
  expect_mapping(*node, section);
  for (const auto& entry : node->entries) {
    if (entry.key.rfind("x-", 0) == 0) continue;
    // The specification's pattern; names end up in container, network and DNS names.
    bool valid = !entry.key.empty() && std::all_of(entry.key.begin(), entry.key.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
    if (!valid)
      fail_at(entry.key_mark, std::string(section) + "." + entry.key,
              "invalid name: use only letters, digits, '.', '_' and '-'");
    parse(entry.key, entry.value);
  }
}

bool uses_default_network(const Service& service) {
  // berth has no engine-wide "bridge" network: that mode means the project's default.
  const std::string& mode = service.network_mode;
  if (!mode.empty() && mode != "bridge" && mode != "default") return false;
  return service.networks.empty() || service.networks.count("default");
}

}  // namespace

std::string normalize_project_name(const std::string& name) {
  std::string result;
  for (char c : name) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::isalnum(static_cast<unsigned char>(lower)) || lower == '_' || lower == '-')
      result += lower;
  }
  size_t start = result.find_first_not_of("_-");
  return start == std::string::npos ? std::string{} : result.substr(start);
}

bool is_valid_project_name(const std::string& name) {
  return !name.empty() && normalize_project_name(name) == name;
}

Project build_project(LoadedTree tree, const ProjectOptions& options) {
  ParseContext context;
  context.working_dir = tree.working_dir;
  context.strict = options.strict;
  context.environment = tree.environment;
  context.warnings = tree.warnings;
  check_top_level(tree.root, context);
  Project project;
  project.name = choose_project_name(tree, options);
  project.working_dir = tree.working_dir;
  project.files = tree.files;
  project.environment = tree.environment;
  auto profiles = active_profiles(tree, options);
  parse_section(tree.root, "services", [&](const std::string& key, const Node& node) {
    Service service = parse_service(key, node, context);
    if (is_enabled(service, profiles, options))
      project.services.emplace(key, std::move(service));
    else
      project.disabled_services.push_back(key);
  });
  for (const auto& name : options.services)
    if (!project.services.count(name)) throw Error("no such service: " + name);
  parse_section(tree.root, "networks", [&](const std::string& key, const Node& node) {
    project.networks.emplace(key, parse_network(key, node, project.name, context));
  });
  parse_section(tree.root, "volumes", [&](const std::string& key, const Node& node) {
    project.volumes.emplace(key, parse_volume(key, node, project.name, context));
  });
  parse_section(tree.root, "configs", [&](const std::string& key, const Node& node) {
    project.configs.emplace(key, parse_file_object("configs", key, node, project.name, context));
  });
  parse_section(tree.root, "secrets", [&](const std::string& key, const Node& node) {
    project.secrets.emplace(key, parse_file_object("secrets", key, node, project.name, context));
  });
  bool needs_default =
      std::any_of(project.services.begin(), project.services.end(),
                  [](const auto& item) { return uses_default_network(item.second); });
  if (needs_default && !project.networks.count("default")) {
    Network network;
    network.key = "default";
    network.name = project.name + "_default";
    network.driver = "bridge";
    project.networks.emplace("default", std::move(network));
  }
  project.warnings = std::move(context.warnings);
  validate_project(project, tree.root);
  return project;
}

Project load_project(const ProjectOptions& options) {
  return build_project(load_tree(options), options);
}

}  // namespace berth::spec
