#include "engine/image_provider.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <map>
#include <thread>
#include <vector>

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

std::string megabytes(std::int64_t current, std::int64_t total) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1fMB/%.1fMB", static_cast<double>(current) / 1e6,
                static_cast<double>(total) / 1e6);
  return text;
}

// A pull's layer steps as lines of up's view, as compose shows them under the
// image. Byte counts go out at most every 100 ms per layer: a redraw per
// received chunk would cost more than the download.
class LayerProgress {
 public:
  explicit LayerProgress(const ProgressSink& progress) : progress_(progress) {}

  void operator()(const storage::PullProgress& step) {
    using State = storage::PullProgress::State;
    // Resolving and done are the image's own steps, which up reports itself.
    if (step.state == State::resolving || step.state == State::done) return;
    bool finished = step.state == State::already_exists || step.state == State::complete;
    ProgressEvent event{"Layer",
                        step.id,
                        storage::to_string(step.state),
                        finished ? ProgressState::done : ProgressState::working,
                        {}};
    if (step.state == State::downloading) {
      auto now = std::chrono::steady_clock::now();
      auto [last, first] = last_shown_.try_emplace(step.id, now);
      if (!first && now - last->second < std::chrono::milliseconds(100)) return;
      last->second = now;
      event.detail = megabytes(step.current, step.total);
      event.transient = !first;
    }
    progress_(event);
  }

 private:
  const ProgressSink& progress_;
  std::map<std::string, std::chrono::steady_clock::time_point> last_shown_;
};

storage::PullOptions pull_options(EngineContext& context, const spec::Service& service,
                                  const ProgressSink& progress) {
  storage::PullOptions pull;
  pull.registry = context.config.registry_options();
  if (!service.platform.empty()) pull.platform = storage::parse_platform(service.platform);
  pull.progress = LayerProgress(progress);
  return pull;
}
}  // namespace

void provide_images(EngineContext& context, const spec::Project& project,
                    const std::set<std::string>& services, const UpOptions& options,
                    const ProgressSink& progress) {
  struct Pull {
    const spec::Service* service;
    storage::PullPolicy policy;
    std::exception_ptr failure;
  };
  std::map<std::string, Pull> pulls;  // by image: each is pulled once
  // Looked up once per image: a lookup reads and verifies its manifest and config.
  std::map<std::string, bool> present_images;
  for (const auto& name : services) {
    const auto& service = project.services.at(name);
    if (service.image.empty() || pulls.count(service.image)) continue;
    auto policy = policy_of(service, options);
    auto [known, first_time] = present_images.try_emplace(service.image, false);
    if (first_time) known->second = context.images.find(service.image).has_value();
    bool present = known->second;
    if (policy == storage::PullPolicy::never || (present && policy == storage::PullPolicy::missing))
      continue;
    if (!present && service.build) continue;
    pulls.emplace(service.image, Pull{&service, policy, nullptr});
  }
  // Side by side, as compose pulls: each waits on its registry, not on the others.
  std::vector<std::jthread> pulling;
  for (auto& [image, pull] : pulls)
    pulling.emplace_back([&context, &progress, &image, &pull] {
      progress({"Image", image, "Pulling", ProgressState::working, {}});
      try {
        storage::provide_image(context.images, image, pull.policy,
                               pull_options(context, *pull.service, progress));
        progress({"Image", image, "Pulled", ProgressState::done, {}});
      } catch (const Error& e) {
        progress({"Image", image, "Error", ProgressState::failed, e.what()});
        pull.failure = std::make_exception_ptr(
            e.with_context("pulling the image of service " + pull.service->name));
      } catch (...) {  // a thread must not let it escape
        progress({"Image", image, "Error", ProgressState::failed, {}});
        pull.failure = std::current_exception();
      }
    });
  pulling.clear();  // joins
  for (const auto& [image, pull] : pulls)
    if (pull.failure) std::rethrow_exception(pull.failure);
}

}  // namespace berth::engine
