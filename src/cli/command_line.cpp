#include "cli/command_line.h"

#include <algorithm>

#include "cli/commands.h"
#include "cli/compose_flags.h"

namespace berth::cli {

const std::vector<VerbGroup>& verb_groups() {
  static const std::vector<VerbGroup> groups = {
      {{"version"}, add_version_command},
      {{"info"}, add_info_command},
      {{"up"}, add_up_command},
      {{"down"}, add_down_command},
      {{"ps"}, add_ps_command},
      {{"plan"}, add_plan_command},
      {{"config"}, add_config_command},
      {{"graph"}, add_graph_command},
      {{"image"}, add_image_command},
      {{"images"}, add_images_verb},
      {{"import"}, add_import_command},
      {{"load"}, add_load_command},
      {{"save"}, add_save_command},
      {{"pull"}, add_pull_command},
      {{"volume"}, add_volume_command},
      {{"gc"}, add_gc_command},
      {{"logs"}, add_logs_command},
      {{"stop", "start", "restart", "kill", "rm", "pause", "unpause"},
       add_service_control_commands},
      {{"wait"}, add_wait_command},
      {{"port"}, add_port_command},
      {{"top"}, add_top_command},
      {{"exec"}, add_exec_command},
      {{"run"}, add_run_command},
      {{"create"}, add_create_command},
      {{"scale"}, add_scale_command},
      {{"ls"}, add_ls_command},
      {{"cp"}, add_cp_command},
      {{"stats"}, add_stats_command},
      {{"events"}, add_events_command},
      {{"attach"}, add_attach_command},
  };
  return groups;
}

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_option("--root", options.root, "state root (default $BERTH_ROOT or /var/lib/berth)");
  app.add_option("--log-level", options.log_level,
                 "trace, debug, info, warn, error, critical or off (default $BERTH_LOG or warn)");
  add_leading_compose_flags(app);
}

std::optional<std::string> chosen_verb(int argc, const char* const* argv) {
  CLI::App probe;
  GlobalOptions ignored;
  add_global_options(probe, ignored);
  probe.prefix_command();  // stops at the first argument that is no option's
  try {
    probe.parse(argc, argv);
  } catch (const CLI::ParseError&) {
    return std::nullopt;
  }
  auto rest = probe.remaining();
  if (rest.empty() || rest.front().starts_with('-')) return std::nullopt;  // an unknown flag
  return rest.front();
}

void add_verbs(CLI::App& app, const GlobalOptions& options,
               const std::optional<std::string>& verb) {
  for (const auto& group : verb_groups())
    if (verb && std::find(group.names.begin(), group.names.end(), *verb) != group.names.end()) {
      group.add(app, options);
      return;
    }
  for (const auto& group : verb_groups()) group.add(app, options);
}

}  // namespace berth::cli
