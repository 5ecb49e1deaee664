#include <algorithm>
#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/event_presentation.h"
#include "engine/engine_context.h"
#include "engine/event_follower.h"
#include "util/error.h"
#include "util/file_watch.h"

namespace berth::cli {

namespace {
struct EventsFlags {
  bool json = false;
  std::vector<std::string> services;
};

constexpr auto kEventsPollInterval = std::chrono::milliseconds(100);
}  // namespace

void add_events_command(CLI::App& app, const GlobalOptions& global) {
  auto* command =
      app.add_subcommand("events", "Stream the lifecycle events of the stack's containers");
  auto project_options = add_compose_flags(*command);
  auto flags = std::make_shared<EventsFlags>();
  command->add_flag("--json", flags->json, "one JSON object per event");
  command->add_option("services", flags->services, "services to follow (default: all)");
  command->callback([&global, project_options, flags] {
    auto project = load_project_with_warnings(*project_options);
    for (const auto& service : flags->services)
      if (!project.services.count(service)) throw Error("no such service", service);
    engine::EngineContext context(global.locations());
    engine::EventFollower follower(context.events_log());
    FileWatch appended;
    appended.watch_directory(std::filesystem::path(context.events_log()).parent_path());
    auto wanted = [&](const runtime::ContainerEvent& event) {
      return event.project == project.name &&
             (flags->services.empty() || std::find(flags->services.begin(), flags->services.end(),
                                                   event.service) != flags->services.end());
    };
    while (true) {
      for (const auto& event : follower.read()) {
        if (!wanted(event)) continue;
        auto line = flags->json ? event_json(event).dump() : event_text(event);
        std::printf("%s\n", line.c_str());
      }
      std::fflush(stdout);
      appended.wait(kEventsPollInterval);
    }
  });
}

}  // namespace berth::cli
