#include <cstdio>

#include "cli/commands.h"
#include "cli/image_presentation.h"
#include "cli/size_units.h"
#include "state/state_store.h"
#include "storage/image_store.h"

namespace berth::cli {

namespace {
void print_images(const GlobalOptions& options, const std::string& format, bool quiet) {
  state::StateStore state(options.locations());
  storage::ImageStore store(state);
  auto images = store.list();
  if (format == "table" && !quiet)
    std::printf("%-40s %-12s %-14s %-22s %s\n", "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
  for (const auto& image : images) {
    std::vector<RepositoryTag> rows;
    for (const auto& name : image.names) rows.push_back(split_name(name));
    if (rows.empty()) rows.push_back({"<none>", "<none>"});
    if (quiet) {
      std::printf("%s\n", image.short_id().c_str());
      continue;
    }
    for (const auto& row : rows) {
      if (format == "json") {
        nlohmann::json line = {{"Repository", row.repository},
                               {"Tag", row.tag},
                               {"ID", image.short_id()},
                               {"Digest", image.manifest.digest},
                               {"CreatedAt", image.config.created},
                               {"Size", decimal_size(static_cast<std::uint64_t>(image.size()), 3)}};
        std::printf("%s\n", line.dump().c_str());
      } else {
        std::printf("%-40s %-12s %-14s %-22s %s\n", row.repository.c_str(), row.tag.c_str(),
                    image.short_id().c_str(), image.config.created.c_str(),
                    decimal_size(static_cast<std::uint64_t>(image.size()), 3).c_str());
      }
    }
  }
}
}  // namespace

void add_images_command(CLI::App& parent, const GlobalOptions& options, const std::string& name) {
  auto* command = parent.add_subcommand(name, "List images in the store");
  auto format = std::make_shared<std::string>("table");
  auto quiet = std::make_shared<bool>(false);
  command->add_option("--format", *format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  command->add_flag("-q,--quiet", *quiet, "only image ids");
  command->callback([&options, format, quiet] { print_images(options, *format, *quiet); });
}

}  // namespace berth::cli
