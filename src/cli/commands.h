#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

// One file per verb; each registers its subcommand and runs when chosen.
namespace berth::cli {

void add_version_command(CLI::App& app, const GlobalOptions& options);
void add_info_command(CLI::App& app, const GlobalOptions& options);
void add_up_command(CLI::App& app, const GlobalOptions& options);
void add_down_command(CLI::App& app, const GlobalOptions& options);
void add_ps_command(CLI::App& app, const GlobalOptions& options);
void add_plan_command(CLI::App& app, const GlobalOptions& options);
void add_config_command(CLI::App& app, const GlobalOptions& options);
void add_graph_command(CLI::App& app, const GlobalOptions& options);
// Image verbs register under the app (`berth import`) or under `berth image`.
void add_image_command(CLI::App& app, const GlobalOptions& options);
void add_import_command(CLI::App& parent, const GlobalOptions& options);
void add_images_command(CLI::App& parent, const GlobalOptions& options, const std::string& name);
// `berth images`: docker's listing of the store, or compose's of a project's containers.
void add_images_verb(CLI::App& app, const GlobalOptions& options);
void add_load_command(CLI::App& parent, const GlobalOptions& options);
void add_save_command(CLI::App& parent, const GlobalOptions& options);
// `berth image pull IMAGE`; `berth pull` is compose's: services, or images.
void add_image_pull_command(CLI::App& parent, const GlobalOptions& options);
void add_pull_command(CLI::App& app, const GlobalOptions& options);
void add_volume_command(CLI::App& app, const GlobalOptions& options);
void add_gc_command(CLI::App& app, const GlobalOptions& options);
void add_logs_command(CLI::App& app, const GlobalOptions& options);
// stop, start, restart, kill, pause, unpause and rm.
void add_service_control_commands(CLI::App& app, const GlobalOptions& options);
void add_wait_command(CLI::App& app, const GlobalOptions& options);
void add_port_command(CLI::App& app, const GlobalOptions& options);
void add_top_command(CLI::App& app, const GlobalOptions& options);
void add_exec_command(CLI::App& app, const GlobalOptions& options);
void add_run_command(CLI::App& app, const GlobalOptions& options);
void add_create_command(CLI::App& app, const GlobalOptions& options);
void add_scale_command(CLI::App& app, const GlobalOptions& options);
void add_ls_command(CLI::App& app, const GlobalOptions& options);
void add_cp_command(CLI::App& app, const GlobalOptions& options);
void add_stats_command(CLI::App& app, const GlobalOptions& options);
void add_events_command(CLI::App& app, const GlobalOptions& options);
void add_attach_command(CLI::App& app, const GlobalOptions& options);

}  // namespace berth::cli
