#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/stats_presentation.h"
#include "engine/container_lifecycle.h"
#include "engine/container_stats.h"
#include "engine/service_control.h"
#include "util/error.h"

namespace berth::cli {

namespace {
struct StatsFlags {
  bool all = false;
  bool no_stream = false;
  bool no_trunc = false;
  std::string format = "table";
  std::vector<std::string> services;
};

// CPU use is a rate, so every figure comes from two samples this far apart.
constexpr auto kSnapshotInterval = std::chrono::milliseconds(500);
constexpr auto kStreamInterval = std::chrono::seconds(1);

std::vector<engine::ContainerSample> sample_all(
    engine::EngineContext& context, const std::vector<engine::ContainerRecord>& records) {
  std::vector<engine::ContainerSample> samples;
  for (const auto& record : records) samples.push_back(engine::sample_container(context, record));
  return samples;
}

void print(const std::vector<engine::ContainerSample>& before,
           const std::vector<engine::ContainerSample>& after, const StatsFlags& flags,
           bool redraw) {
  std::string text = redraw ? "\033[2J\033[H" : "";
  if (flags.format == "table") text += stats_table_header();
  for (size_t index = 0; index < after.size(); ++index) {
    if (!flags.all && !after[index].running) continue;
    auto figures = stats_figures(after[index], engine::cpu_percent(before[index], after[index]));
    text += flags.format == "json" ? stats_json(figures).dump() + "\n" : stats_table_row(figures);
  }
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
}
}  // namespace

void add_stats_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("stats", "Show the resource usage of the stack's containers");
  auto project_options = add_compose_flags(*command);
  auto flags = std::make_shared<StatsFlags>();
  command->add_flag("-a,--all", flags->all, "stopped containers too (default: running ones)");
  command->add_flag("--no-stream", flags->no_stream, "one snapshot instead of a live view");
  command->add_flag("--no-trunc", flags->no_trunc, "accepted for compatibility; nothing is cut");
  command->add_option("--format", flags->format, "table or json");
  command->add_option("services", flags->services, "services to show (default: all)");
  command->callback([&global, project_options, flags] {
    if (flags->format != "table" && flags->format != "json")
      throw Error("--format must be table or json", flags->format);
    auto project = load_project_with_warnings(*project_options);
    engine::EngineContext context(global.locations());
    auto records = engine::select_containers(context, project, flags->services);
    bool redraw = !flags->no_stream && ::isatty(1);
    auto before = sample_all(context, records);
    std::this_thread::sleep_for(kSnapshotInterval);
    while (true) {
      auto after = sample_all(context, records);
      print(before, after, *flags, redraw);
      if (flags->no_stream) return;
      before = std::move(after);
      std::this_thread::sleep_for(kStreamInterval);
    }
  });
}

}  // namespace berth::cli
