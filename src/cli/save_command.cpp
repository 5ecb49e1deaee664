#include "cli/commands.h"
#include "state/state_store.h"
#include "storage/image_saver.h"

namespace berth::cli {

void add_save_command(CLI::App& parent, const GlobalOptions& options) {
  auto* command = parent.add_subcommand(
      "save", "Save images to an oci-archive (with docker's manifest.json, loadable by docker)");
  struct Args {
    std::string output;
    std::vector<std::string> images;
  };
  auto args = std::make_shared<Args>();
  command->add_option("-o,--output", args->output, "archive file to write")->required();
  command->add_option("image", args->images, "names or ids")->required();
  command->callback([&options, args] {
    state::StateStore state(options.locations());
    storage::ImageStore images(state);
    storage::save_images(images, args->images, args->output);
  });
}

}  // namespace berth::cli
