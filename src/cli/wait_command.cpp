#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "engine/container_lifecycle.h"
#include "engine/service_control.h"

namespace berth::cli {

void add_wait_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("wait", "Block until the services' containers exit");
  auto project_options = add_compose_flags(*command);
  auto services = std::make_shared<std::vector<std::string>>();
  command->add_option("services", *services, "services to wait for")->required();
  command->callback([&global, project_options, services] {
    auto project = load_project_with_warnings(*project_options);
    engine::EngineContext context(global.locations());
    for (const auto& record : engine::select_containers(context, project, *services)) {
      auto state = engine::container_status(context, record.name);
      while (engine::is_running(state)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        state = engine::container_status(context, record.name);
      }
      std::printf("%d\n", state.exit_code);
      std::fflush(stdout);
    }
  });
}

}  // namespace berth::cli
