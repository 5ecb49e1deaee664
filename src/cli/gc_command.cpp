#include <cstdio>

#include "cli/commands.h"
#include "engine/garbage_collector.h"

namespace berth::cli {

void add_gc_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand(
      "gc", "Remove kernel objects and files of this state root that nothing owns");
  auto dry_run = std::make_shared<bool>(false);
  command->add_flag("--dry-run", *dry_run, "only list what would be removed");
  command->callback([&global, dry_run] {
    engine::EngineContext context(global.locations());
    auto found = engine::collect_garbage(context, *dry_run);
    for (const auto& object : found)
      std::printf("%s %s %s\n", *dry_run ? "Would remove" : "Removed", object.kind.c_str(),
                  object.name.c_str());
    if (found.empty()) std::fprintf(stderr, "Nothing to collect\n");
  });
}

}  // namespace berth::cli
