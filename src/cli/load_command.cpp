#include <cstdio>

#include "cli/commands.h"
#include "state/state_store.h"
#include "storage/image_loader.h"

namespace berth::cli {

void add_load_command(CLI::App& parent, const GlobalOptions& options) {
  auto* command = parent.add_subcommand(
      "load", "Load images from a docker-archive, an oci-archive or an OCI layout directory");
  struct Args {
    std::string input = "/dev/stdin";
    std::string platform;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  command->add_option("-i,--input", args->input,
                      "archive file or OCI layout directory (default: standard input)");
  command->add_option("--platform", args->platform,
                      "os/arch[/variant] to load from a multi-platform index (default: this host)");
  command->add_flag("-q,--quiet", args->quiet, "print nothing");
  command->callback([&options, args] {
    state::StateStore state(options.locations());
    storage::ImageStore images(state);
    auto platform = args->platform.empty() ? storage::Platform::host()
                                           : storage::parse_platform(args->platform);
    auto loaded = storage::load_images(images, args->input, platform);
    if (args->quiet) return;
    for (const auto& image : loaded) {
      if (image.names.empty()) std::printf("Loaded image ID: %s\n", image.id.c_str());
      for (const auto& name : image.names)
        std::printf("Loaded image: %s\n", storage::parse_image_reference(name).familiar().c_str());
    }
  });
}

}  // namespace berth::cli
