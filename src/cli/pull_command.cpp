#include "cli/commands.h"
#include "cli/pull_progress.h"
#include "engine/berth_config.h"
#include "state/state_store.h"

namespace berth::cli {

void add_image_pull_command(CLI::App& parent, const GlobalOptions& options) {
  auto* command = parent.add_subcommand("pull", "Pull an image from a registry");
  struct Args {
    std::string reference;
    std::string platform;
    bool insecure = false;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  command->add_option("image", args->reference, "name[:tag|@digest]")->required();
  command->add_option("--platform", args->platform,
                      "os/arch[/variant] to pick from a multi-platform image (default: this host)");
  command->add_flag("--insecure", args->insecure,
                    "allow plain HTTP and unverified TLS for this registry (always allowed for "
                    "loopback registries)");
  command->add_flag("-q,--quiet", args->quiet, "print only the image id");
  command->callback([&options, args] {
    auto reference = storage::parse_image_reference(args->reference);
    state::StateStore state(options.locations());
    storage::ImageStore images(state);
    storage::PullOptions pull;
    if (!args->platform.empty()) pull.platform = storage::parse_platform(args->platform);
    pull.registry = engine::BerthConfig::load(engine::berth_config_path()).registry_options();
    pull.registry.insecure = args->insecure;
    pull_with_progress(images, reference, pull, args->quiet);
  });
}

}  // namespace berth::cli
