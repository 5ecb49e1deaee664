#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "engine/host_info.h"

namespace berth::cli {

namespace {
nlohmann::json to_json(const engine::HostInfo& info) {
  nlohmann::json namespaces = nlohmann::json::object();
  for (const auto& ns : info.namespaces) {
    namespaces[ns.type] = {{"creatable", ns.creatable}};
    if (!ns.creatable) namespaces[ns.type]["error"] = ns.error;
  }
  nlohmann::json controllers = nlohmann::json::array();
  for (const auto& controller : info.cgroups.controllers)
    controllers.push_back({{"name", controller.name}, {"hierarchy", controller.hierarchy}});
  nlohmann::json nftables = {{"usable", info.nftables.usable}};
  if (!info.nftables.usable) nftables["error"] = info.nftables.error;
  return {
      {"kernel", info.kernel_release},
      {"namespaces", namespaces},
      {"cgroups",
       {{"mode", runtime::to_string(info.cgroups.mode)},
        {"unified_root", info.cgroups.unified_root},
        {"controllers", controllers}}},
      {"overlayfs", info.overlay},
      {"nftables", nftables},
      {"state_root", info.locations.state_root},
      {"run_dir", info.locations.run_dir},
  };
}

const char* yes_no(bool value) { return value ? "yes" : "no"; }

void print_text(const engine::HostInfo& info) {
  std::printf("Kernel:      %s\n", info.kernel_release.c_str());
  std::printf("Namespaces:\n");
  for (const auto& ns : info.namespaces) {
    std::printf("  %-8s %s", ns.type.c_str(), yes_no(ns.creatable));
    if (!ns.creatable) std::printf(" (%s)", ns.error.c_str());
    std::printf("\n");
  }
  std::printf("Cgroups:     %s", runtime::to_string(info.cgroups.mode).c_str());
  if (!info.cgroups.unified_root.empty())
    std::printf(" (unified at %s)", info.cgroups.unified_root.c_str());
  std::printf("\n  controllers:");
  for (const auto& controller : info.cgroups.controllers)
    std::printf(" %s", controller.name.c_str());
  std::printf("\nOverlayfs:   %s\n", yes_no(info.overlay));
  std::printf("Nftables:    %s", yes_no(info.nftables.usable));
  if (!info.nftables.usable) std::printf(" (%s)", info.nftables.error.c_str());
  std::printf("\nState root:  %s\nRun dir:     %s\n", info.locations.state_root.c_str(),
              info.locations.run_dir.c_str());
}
}  // namespace

void add_info_command(CLI::App& app, const GlobalOptions& options) {
  auto* command = app.add_subcommand("info", "Show what this host offers berth");
  auto format = std::make_shared<std::string>("text");
  command->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  command->callback([&options, format] {
    auto info = engine::collect_host_info(options.locations());
    if (*format == "json")
      std::printf("%s\n", to_json(info).dump(2).c_str());
    else
      print_text(info);
  });
}

}  // namespace berth::cli
