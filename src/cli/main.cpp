#include <cstdio>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/exit_status.h"
#include "util/error.h"
#include "util/log.h"

int main(int argc, char** argv) {
  using namespace berth;
  CLI::App app{"berth: compose stacks straight on the Linux kernel", "berth"};
  app.require_subcommand(1);
  app.fallthrough();

  cli::GlobalOptions options;
  app.add_option("--root", options.root, "state root (default $BERTH_ROOT or /var/lib/berth)");
  app.add_option("--log-level", options.log_level,
                 "trace, debug, info, warn, error, critical or off (default $BERTH_LOG or warn)");
  cli::add_leading_compose_flags(app);
  app.parse_complete_callback([&] {
    if (options.log_level)
      log::set_level(*options.log_level);
    else
      log::init_from_environment();
  });

  cli::add_version_command(app, options);
  cli::add_info_command(app, options);
  cli::add_up_command(app, options);
  cli::add_down_command(app, options);
  cli::add_ps_command(app, options);
  cli::add_plan_command(app, options);
  cli::add_config_command(app, options);
  cli::add_graph_command(app, options);
  cli::add_image_command(app, options);
  cli::add_images_verb(app, options);
  cli::add_import_command(app, options);
  cli::add_load_command(app, options);
  cli::add_save_command(app, options);
  cli::add_pull_command(app, options);
  cli::add_volume_command(app, options);
  cli::add_gc_command(app, options);
  cli::add_logs_command(app, options);
  cli::add_service_control_commands(app, options);
  cli::add_wait_command(app, options);
  cli::add_port_command(app, options);
  cli::add_top_command(app, options);
  cli::add_exec_command(app, options);
  cli::add_run_command(app, options);
  cli::add_create_command(app, options);
  cli::add_scale_command(app, options);
  cli::add_ls_command(app, options);
  cli::add_cp_command(app, options);
  cli::add_stats_command(app, options);
  cli::add_events_command(app, options);
  cli::add_attach_command(app, options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const cli::ExitStatus& status) {
    return status.code;
  } catch (const Error& e) {
    std::fprintf(stderr, "berth: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "berth: internal error: %s\n", e.what());
    return 1;
  }
  return 0;
}
