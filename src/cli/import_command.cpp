#include <cstdio>

#include "cli/commands.h"
#include "state/state_store.h"
#include "storage/image_store.h"

namespace berth::cli {

void add_import_command(CLI::App& parent, const GlobalOptions& options) {
  auto* command = parent.add_subcommand(
      "import", "Make a one-layer image from a root filesystem directory or tar (plain, gz, zst)");
  struct Args {
    std::string source;
    std::string reference;
    std::vector<std::string> changes;
  };
  auto args = std::make_shared<Args>();
  command->add_option("source", args->source, "directory or tar file")->required();
  command->add_option("reference", args->reference, "name[:tag] to give the image");
  command->add_option("-c,--change", args->changes,
                      "Dockerfile instruction: CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE, "
                      "VOLUME, LABEL, STOPSIGNAL");
  command->callback([&options, args] {
    std::vector<storage::ImageReference> names;
    if (!args->reference.empty()) names.push_back(storage::parse_image_reference(args->reference));
    state::StateStore state(options.locations());
    storage::ImageStore images(state);
    auto image = images.import_rootfs(args->source, names, args->changes);
    std::printf("%s\n", image.id.c_str());
  });
}

}  // namespace berth::cli
