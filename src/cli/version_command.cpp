#include <cstdio>

#include "berth_version.h"
#include "cli/commands.h"

namespace berth::cli {

void add_version_command(CLI::App& app, const GlobalOptions&) {
  auto* command = app.add_subcommand("version", "Show the berth version");
  auto short_form = std::make_shared<bool>(false);
  command->add_flag("--short", *short_form, "print the version number only");
  command->callback([short_form] {
    if (*short_form)
      std::printf("%s\n", kVersion);
    else
      std::printf("berth version %s\n", kVersion);
  });
}

}  // namespace berth::cli
