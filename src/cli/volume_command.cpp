#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/commands.h"
#include "engine/container_store.h"
#include "state/state_store.h"
#include "storage/volume_store.h"
#include "util/error.h"

namespace berth::cli {

namespace {
using StringMap = std::map<std::string, std::string>;

// "key=value" pairs; "label=a=b" filters as docker spells them.
StringMap parse_pairs(const std::vector<std::string>& items, const std::string& prefix,
                      const char* what) {
  StringMap out;
  for (auto item : items) {
    if (!prefix.empty()) {
      if (!item.starts_with(prefix)) throw Error(std::string("unsupported ") + what, item);
      item.erase(0, prefix.size());
    }
    auto equals = item.find('=');
    if (equals == std::string::npos) throw Error(std::string(what) + " must be key=value", item);
    out[item.substr(0, equals)] = item.substr(equals + 1);
  }
  return out;
}

// Volumes some container recorded by the engine mounts.
std::set<std::string> volumes_in_use(state::StateStore& state) {
  engine::ContainerStore containers(state.db());
  std::set<std::string> used;
  for (const auto& project : containers.projects())
    for (const auto& container : containers.of_project(project.name))
      used.insert(container.volumes.begin(), container.volumes.end());
  return used;
}

nlohmann::json inspect_json(const storage::Volume& volume) {
  return {{"Name", volume.name},
          {"Driver", volume.driver},
          {"Mountpoint", volume.mountpoint.string()},
          {"Labels", volume.labels},
          {"Options", volume.driver_opts},
          {"CreatedAt", volume.created},
          {"Scope", "local"}};
}

void add_list(CLI::App& volume, const GlobalOptions& options) {
  auto* command = volume.add_subcommand("ls", "List volumes");
  struct Args {
    std::vector<std::string> filters;
    std::string format = "table";
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  command->add_option("-f,--filter", args->filters, "label=KEY=VALUE (repeatable)");
  command->add_option("--format", args->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  command->add_flag("-q,--quiet", args->quiet, "only volume names");
  command->callback([&options, args] {
    auto filter = parse_pairs(args->filters, "label=", "filter (only label=KEY=VALUE)");
    state::StateStore state(options.locations());
    storage::VolumeStore volumes(state);
    auto listed = volumes.list(filter);
    if (!args->quiet && args->format == "table") std::printf("%-10s %s\n", "DRIVER", "VOLUME NAME");
    for (const auto& volume : listed) {
      if (args->quiet)
        std::printf("%s\n", volume.name.c_str());
      else if (args->format == "json")
        std::printf("%s\n", inspect_json(volume).dump().c_str());
      else
        std::printf("%-10s %s\n", volume.driver.c_str(), volume.name.c_str());
    }
  });
}

void add_create(CLI::App& volume, const GlobalOptions& options) {
  auto* command = volume.add_subcommand("create", "Create a volume");
  struct Args {
    std::string name;
    std::string driver = "local";
    std::vector<std::string> labels;
    std::vector<std::string> driver_opts;
  };
  auto args = std::make_shared<Args>();
  command->add_option("name", args->name, "volume name")->required();
  command->add_option("-d,--driver", args->driver, "volume driver (only local)");
  command->add_option("-l,--label", args->labels, "KEY=VALUE (repeatable)");
  command->add_option("-o,--opt", args->driver_opts, "driver option type|o|device=VALUE");
  command->callback([&options, args] {
    state::StateStore state(options.locations());
    storage::VolumeStore volumes(state);
    storage::VolumeSpec spec;
    spec.name = args->name;
    spec.driver = args->driver;
    spec.labels = parse_pairs(args->labels, "", "label");
    spec.driver_opts = parse_pairs(args->driver_opts, "", "driver option");
    std::printf("%s\n", volumes.create(spec).name.c_str());
  });
}

void add_inspect(CLI::App& volume, const GlobalOptions& options) {
  auto* command = volume.add_subcommand("inspect", "Show volumes as JSON");
  auto names = std::make_shared<std::vector<std::string>>();
  command->add_option("volume", *names, "volume names")->required();
  command->callback([&options, names] {
    state::StateStore state(options.locations());
    storage::VolumeStore volumes(state);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& name : *names) out.push_back(inspect_json(volumes.get(name)));
    std::printf("%s\n", out.dump(4).c_str());
  });
}

void add_remove(CLI::App& volume, const GlobalOptions& options) {
  auto* command = volume.add_subcommand("rm", "Remove volumes no container uses");
  auto names = std::make_shared<std::vector<std::string>>();
  auto force = std::make_shared<bool>(false);
  command->add_option("volume", *names, "volume names")->required();
  command->add_flag("-f,--force", *force, "remove even if a container uses it");
  command->callback([&options, names, force] {
    state::StateStore state(options.locations());
    storage::VolumeStore volumes(state);
    auto used = volumes_in_use(state);
    for (const auto& name : *names) {
      volumes.get(name);
      if (used.contains(name) && !*force)
        throw Error("volume is in use by a container (use -f)", name);
      volumes.remove(name);
      std::printf("%s\n", name.c_str());
    }
  });
}

void add_prune(CLI::App& volume, const GlobalOptions& options) {
  auto* command = volume.add_subcommand("prune", "Remove every volume no container uses");
  auto filters = std::make_shared<std::vector<std::string>>();
  command->add_option("--filter", *filters, "label=KEY=VALUE (repeatable)");
  command->add_flag("-f,--force")->description("do not ask (berth never asks)");
  command->callback([&options, filters] {
    auto filter = parse_pairs(*filters, "label=", "filter (only label=KEY=VALUE)");
    state::StateStore state(options.locations());
    storage::VolumeStore volumes(state);
    auto used = volumes_in_use(state);
    for (const auto& volume : volumes.list(filter)) {
      if (used.contains(volume.name)) continue;
      volumes.remove(volume.name);
      std::printf("Deleted: %s\n", volume.name.c_str());
    }
  });
}
}  // namespace

void add_volume_command(CLI::App& app, const GlobalOptions& options) {
  auto* volume = app.add_subcommand("volume", "Manage volumes");
  volume->require_subcommand(1);
  add_list(*volume, options);
  add_create(*volume, options);
  add_inspect(*volume, options);
  add_remove(*volume, options);
  add_prune(*volume, options);
}

}  // namespace berth::cli
