#include <cstdio>

#include "cli/commands.h"
#include "cli/image_presentation.h"
#include "engine/image_removal.h"
#include "state/state_store.h"
#include "storage/image_store.h"

namespace berth::cli {

namespace {
void add_inspect(CLI::App& image, const GlobalOptions& options) {
  auto* command = image.add_subcommand("inspect", "Show images as JSON");
  auto names = std::make_shared<std::vector<std::string>>();
  command->add_option("image", *names, "name or id")->required();
  command->callback([&options, names] {
    state::StateStore state(options.locations());
    storage::ImageStore store(state);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& name : *names) out.push_back(image_inspect_json(store.get(name)));
    std::printf("%s\n", out.dump(4).c_str());
  });
}

void add_remove(CLI::App& image, const GlobalOptions& options) {
  auto* command = image.add_subcommand("rm", "Remove images (untag a name; delete the last)");
  auto names = std::make_shared<std::vector<std::string>>();
  auto force = std::make_shared<bool>(false);
  command->add_option("image", *names, "name or id")->required();
  command->add_flag("-f,--force", *force,
                    "remove an image that has several names, or that a stopped container uses");
  command->callback([&options, names, force] {
    engine::EngineContext context(options.locations());
    for (const auto& name : *names) {
      auto deleted = engine::remove_image(context, name, *force);
      if (deleted.empty()) std::printf("Untagged: %s\n", name.c_str());
      for (const auto& id : deleted) std::printf("Deleted: %s\n", id.c_str());
    }
  });
}

void add_tag(CLI::App& image, const GlobalOptions& options) {
  auto* command = image.add_subcommand("tag", "Give an image another name");
  auto source = std::make_shared<std::string>();
  auto target = std::make_shared<std::string>();
  command->add_option("source", *source, "name or id")->required();
  command->add_option("target", *target, "new name[:tag]")->required();
  command->callback([&options, source, target] {
    state::StateStore state(options.locations());
    storage::ImageStore store(state);
    store.tag(*source, storage::parse_image_reference(*target));
  });
}
}  // namespace

void add_image_command(CLI::App& app, const GlobalOptions& options) {
  auto* image = app.add_subcommand("image", "Manage images");
  image->require_subcommand(1);
  add_images_command(*image, options, "ls");
  add_inspect(*image, options);
  add_remove(*image, options);
  add_tag(*image, options);
  add_import_command(*image, options);
  add_load_command(*image, options);
  add_save_command(*image, options);
  add_image_pull_command(*image, options);
}

}  // namespace berth::cli
