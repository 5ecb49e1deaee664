#include <cstdio>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/pull_progress.h"
#include "engine/berth_config.h"
#include "engine/stack_plan.h"
#include "state/state_store.h"
#include "util/error.h"
#include "util/log.h"

namespace berth::cli {

namespace {
struct PullArgs {
  std::vector<std::string> targets;
  bool include_deps = false;
  bool ignore_failures = false;
  bool quiet = false;
};

// One image to pull and, for a service, the platform it asks for.
struct PullTarget {
  std::string label;  // the service, or the image itself
  std::string image;
  std::string platform;
};

// compose's pull: the named services (all when none, their dependencies with
// --include-deps); a name that is no service is taken as an image reference.
std::vector<PullTarget> targets_of(const spec::ProjectOptions& project_options,
                                   const PullArgs& args) {
  std::vector<PullTarget> targets;
  if (!spec::finds_stack_files(project_options)) {
    if (args.targets.empty())
      throw Error("nothing to pull: no compose file here and no image named");
    for (const auto& image : args.targets) targets.push_back({image, image, {}});
    return targets;
  }
  auto project = load_project_with_warnings(project_options);
  engine::UpOptions selection;
  std::vector<std::string> images;
  for (const auto& target : args.targets) {
    if (project.services.count(target))
      selection.services.push_back(target);
    else
      images.push_back(target);
  }
  selection.no_deps = !args.include_deps;
  bool only_images = selection.services.empty() && !images.empty();
  if (!only_images)
    for (const auto& name : engine::selected_services(project, selection)) {
      const auto& service = project.services.at(name);
      if (!service.image.empty()) targets.push_back({name, service.image, service.platform});
    }
  for (const auto& image : images) targets.push_back({image, image, {}});
  return targets;
}
}  // namespace

void add_pull_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand(
      "pull", "Pull the images of services (all when none is named), or of image references");
  auto project_options = add_compose_flags(*command);
  auto args = std::make_shared<PullArgs>();
  command->add_option("targets", args->targets, "services, or image references");
  command->add_flag("--include-deps", args->include_deps,
                    "also pull the images of the services they depend on");
  command->add_flag("--ignore-pull-failures", args->ignore_failures,
                    "pull what can be pulled, warning about the rest");
  command->add_flag("-q,--quiet", args->quiet, "print only the image ids");
  command->callback([&global, project_options, args] {
    auto targets = targets_of(with_leading_compose_flags(*project_options), *args);
    state::StateStore state(global.locations());
    storage::ImageStore images(state);
    storage::PullOptions pull;
    pull.registry = engine::BerthConfig::load(engine::berth_config_path()).registry_options();
    std::set<std::string> done;
    std::vector<PullRequest> requests;
    for (const auto& target : targets) {
      if (!done.insert(target.image + "|" + target.platform).second) continue;
      auto options = pull;
      if (!target.platform.empty()) options.platform = storage::parse_platform(target.platform);
      requests.push_back({target.label, storage::parse_image_reference(target.image), options});
      if (!args->quiet)
        std::printf("Pulling %s (%s)\n", target.label.c_str(), target.image.c_str());
    }
    auto outcomes = pull_all_with_progress(images, requests, args->quiet);
    int failures = 0;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (!outcomes[i].failure) continue;
      try {
        std::rethrow_exception(outcomes[i].failure);
      } catch (const Error& error) {
        if (!args->ignore_failures) throw error.with_context("pulling " + requests[i].label);
        log::warn("pulling {}: {}", requests[i].label, error.what());
        ++failures;
      }
    }
    if (failures > 0 && !args->quiet)
      std::printf("%d of %zu images could not be pulled\n", failures, requests.size());
  });
}

}  // namespace berth::cli
