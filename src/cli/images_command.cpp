#include <algorithm>
#include <cstdio>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/image_presentation.h"
#include "cli/size_units.h"
#include "engine/container_store.h"
#include "state/state_store.h"
#include "storage/image_store.h"
#include "util/error.h"

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
// docker compose images: the image of each of the project's containers.
void print_project_images(const GlobalOptions& options, const spec::ProjectOptions& selection,
                          const std::vector<std::string>& services, const std::string& format,
                          bool quiet) {
  auto project = load_project_with_warnings(selection);
  for (const auto& service : services)
    if (!project.services.count(service)) throw Error("no such service", service);
  state::StateStore state(options.locations());
  storage::ImageStore store(state);
  engine::ContainerStore containers(state.db());
  nlohmann::json rows = nlohmann::json::array();
  std::vector<std::string> ids;
  if (format == "table" && !quiet)
    std::printf("%-30s %-40s %-12s %-14s %s\n", "CONTAINER", "REPOSITORY", "TAG", "IMAGE ID",
                "SIZE");
  for (const auto& container : containers.of_project(project.name)) {
    if (container.oneoff) continue;
    if (!services.empty() && std::ranges::find(services, container.service) == services.end())
      continue;
    auto image = store.find(container.image_id);
    RepositoryTag name{"<none>", "<none>"};
    if (image && !image->names.empty()) name = split_name(image->names.front());
    auto size = image ? static_cast<std::uint64_t>(image->size()) : 0;
    auto hex = container.image_id.substr(container.image_id.find(':') + 1);
    if (quiet) {
      if (std::ranges::find(ids, hex) == ids.end()) ids.push_back(hex);
    } else if (format == "json") {
      rows.push_back({{"ID", container.image_id},
                      {"ContainerName", container.name},
                      {"Repository", name.repository},
                      {"Tag", name.tag},
                      {"Size", size}});
    } else {
      std::printf("%-30s %-40s %-12s %-14s %s\n", container.name.c_str(), name.repository.c_str(),
                  name.tag.c_str(), hex.substr(0, 12).c_str(), decimal_size(size, 3).c_str());
    }
  }
  for (const auto& id : ids) std::printf("%s\n", id.c_str());
  if (format == "json" && !quiet) std::printf("%s\n", rows.dump().c_str());
}

// A project named on the command line (-f, -p, --project-directory, before
// the verb too) or services: compose's listing; otherwise docker's.
bool names_a_project(const spec::ProjectOptions& selection) {
  return !selection.files.empty() || selection.project_name || !selection.project_directory.empty();
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

void add_images_verb(CLI::App& app, const GlobalOptions& options) {
  auto* command =
      app.add_subcommand("images",
                         "List images in the store (docker images), or with services or "
                         "a project named, those its containers use (compose images)");
  auto format = std::make_shared<std::string>("table");
  auto quiet = std::make_shared<bool>(false);
  auto services = std::make_shared<std::vector<std::string>>();
  auto selection = add_compose_flags(*command);
  command->add_option("services", *services, "services whose containers' images to list");
  command->add_option("--format", *format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  command->add_flag("-q,--quiet", *quiet, "only image ids");
  command->callback([&options, format, quiet, services, selection] {
    auto merged = with_leading_compose_flags(*selection);
    if (services->empty() && !names_a_project(merged))
      print_images(options, *format, *quiet);
    else
      print_project_images(options, merged, *services, *format, *quiet);
  });
}

}  // namespace berth::cli
