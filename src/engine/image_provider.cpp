#include "engine/image_provider.h"

#include <map>

#include "storage/pull_policy.h"
#include "util/error.h"

namespace berth::engine {

namespace {
storage::PullPolicy policy_of(const spec::Service& service, const UpOptions& options) {
  std::string text = options.pull.value_or(service.pull_policy);
  // `build` means "build when missing"; berth cannot build, so it pulls when missing.
  if (text.empty() || text == "build") return storage::PullPolicy::missing;
  try {
    return storage::parse_pull_policy(text);
  } catch (const Error& e) {
    throw e.with_context("pull_policy of service " + service.name);
  }
}
}  // namespace

void provide_images(EngineContext& context, const spec::Project& project,
                    const std::set<std::string>& services, const UpOptions& options,
                    const ProgressSink& progress) {
  std::set<std::string> done;
  // Looked up once per image: a lookup reads and verifies its manifest and config.
  std::map<std::string, bool> present_images;
  for (const auto& name : services) {
    const auto& service = project.services.at(name);
    if (service.image.empty() || done.count(service.image)) continue;
    auto policy = policy_of(service, options);
    auto [known, first_time] = present_images.try_emplace(service.image, false);
    if (first_time) known->second = context.images.find(service.image).has_value();
    bool present = known->second;
    if (policy == storage::PullPolicy::never || (present && policy == storage::PullPolicy::missing))
      continue;
    if (!present && service.build) continue;
    progress({"Image", service.image, "Pulling", ProgressState::working, {}});
    try {
      storage::PullOptions pull;
      pull.registry = context.config.registry_options();
      storage::provide_image(context.images, service.image, policy, pull);
    } catch (const Error& e) {
      progress({"Image", service.image, "Error", ProgressState::failed, e.what()});
      throw e.with_context("pulling the image of service " + name);
    }
    progress({"Image", service.image, "Pulled", ProgressState::done, {}});
    done.insert(service.image);
  }
}

}  // namespace berth::engine
