#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>

#include "cli/column_table.h"
#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "spec/interpolation.h"
#include "spec/json_output.h"
#include "spec/reader.h"
#include "util/error.h"
#include "util/log.h"

namespace berth::cli {

namespace {

struct ConfigFlags {
  std::string format = "yaml";
  bool quiet = false, services = false, volumes = false, networks = false, profiles = false;
  bool images = false, no_interpolate = false, environment = false, variables = false;
  std::optional<std::string> hash;
  std::string output;
};

std::string lines(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += item + "\n";
  return text;
}

template <typename Map>
std::string keys_of(const Map& map) {
  std::vector<std::string> keys;
  for (const auto& item : map) keys.push_back(item.first);
  return lines(keys);
}

std::string render_document(const nlohmann::json& document, const std::string& format) {
  return format == "json" ? document.dump(2) + "\n" : spec::json_to_yaml(document);
}

std::string hashes(const spec::Project& project, const std::string& which) {
  std::set<std::string> wanted;
  for (size_t start = 0; start <= which.size();) {
    size_t end = std::min(which.find(',', start), which.size());
    wanted.insert(which.substr(start, end - start));
    start = end + 1;
  }
  std::string text;
  for (const auto& [name, service] : project.services)
    if (wanted.count("*") || wanted.count(name))
      text += name + " " + spec::config_hash(service) + "\n";
  for (const auto& name : wanted)
    if (name != "*" && !project.services.count(name)) throw Error("no such service: " + name);
  return text;
}

std::vector<std::string> all_profiles(spec::ProjectOptions options) {
  options.profiles = std::vector<std::string>{"*"};
  std::set<std::string> profiles;
  for (const auto& [name, service] : spec::load_project(options).services)
    profiles.insert(service.profiles.begin(), service.profiles.end());
  return {profiles.begin(), profiles.end()};
}

std::map<std::string, spec::VariableUse> stack_variables(spec::ProjectOptions options) {
  options.interpolate = false;
  return spec::find_variables(spec::load_tree(with_leading_compose_flags(options)).root);
}

// The variables as `docker compose config --variables --format json` prints them.
std::string variables_json(const spec::ProjectOptions& options) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, use] : stack_variables(options))
    out[name] = {{"Name", name},
                 {"DefaultValue", use.default_value},
                 {"PresenceValue", use.alternate_value},
                 {"Required", use.required}};
  return out.dump(2) + "\n";
}

// The variables the stack files use, as a table like docker compose prints.
std::string variables_table(const spec::ProjectOptions& options) {
  std::vector<std::vector<std::string>> rows = {
      {"NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE"}};
  for (const auto& [name, use] : stack_variables(options))
    rows.push_back({name, use.required ? "true" : "false", use.default_value, use.alternate_value});
  return format_columns(rows);
}

std::string render(const ConfigFlags& flags, const spec::ProjectOptions& options) {
  if (flags.variables)
    return flags.format == "json" ? variables_json(options) : variables_table(options);
  if (flags.no_interpolate) {
    spec::LoadedTree tree = spec::load_tree(with_leading_compose_flags(options));
    return render_document(spec::to_json(tree.root), flags.format);
  }
  if (flags.profiles) return lines(all_profiles(with_leading_compose_flags(options)));
  spec::Project project = load_project_with_warnings(options);
  if (flags.quiet) return {};
  if (flags.services) return keys_of(project.services);
  if (flags.volumes) return keys_of(project.volumes);
  if (flags.networks) return keys_of(project.networks);
  if (flags.hash) return hashes(project, *flags.hash);
  if (flags.images) {
    std::vector<std::string> images;
    for (const auto& [name, service] : project.services)
      images.push_back(service.image.empty() ? project.name + "-" + name : service.image);
    return lines(images);
  }
  if (flags.environment) {
    std::string text;
    for (const auto& [key, value] : project.environment) text += key + "=" + value + "\n";
    return text;
  }
  return render_document(spec::project_to_json(project), flags.format);
}

}  // namespace

void add_config_command(CLI::App& app, const GlobalOptions&) {
  auto* command = app.add_subcommand("config", "Validate and print the normalized stack");
  auto options = add_compose_flags(*command);
  auto flags = std::make_shared<ConfigFlags>();
  command->add_option("--format", flags->format, "yaml or json")
      ->check(CLI::IsMember({"yaml", "json"}));
  command->add_flag("-q,--quiet", flags->quiet, "only validate");
  command->add_flag("--services", flags->services, "print the service names");
  command->add_flag("--volumes", flags->volumes, "print the volume names");
  command->add_flag("--networks", flags->networks, "print the network names");
  command->add_flag("--profiles", flags->profiles, "print the profile names");
  command->add_flag("--images", flags->images, "print the image names");
  command->add_option("--hash", flags->hash, "print the config hash of services (\"*\" for all)");
  command->add_flag("--no-interpolate", flags->no_interpolate, "do not interpolate variables");
  command->add_flag("--environment", flags->environment, "print the interpolation environment");
  command->add_flag("--variables", flags->variables,
                    "print the variables the stack files use and their defaults");
  command->add_option("-o,--output", flags->output, "write to this file instead of stdout");
  command->callback([options, flags] {
    if (flags->no_interpolate) options->interpolate = false;
    std::string text = render(*flags, *options);
    if (flags->output.empty()) {
      std::fputs(text.c_str(), stdout);
      return;
    }
    std::ofstream out(flags->output);
    if (!(out << text)) throw Error("writing", flags->output, errno);
  });
}

}  // namespace berth::cli
