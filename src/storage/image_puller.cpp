#include "storage/image_puller.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "storage/content_additions.h"
#include "storage/sha256.h"
#include "util/error.h"

namespace berth::storage {

namespace {
// The manifest for the platform, verified against the digest that named it
// (the reference's, or the index entry's).
struct ResolvedManifest {
  Descriptor descriptor;
  std::string body;
};

ResolvedManifest resolve_manifest(RegistryClient& registry, const ImageReference& reference,
                                  const Platform& platform) {
  auto wanted = reference.digest.empty() ? reference.tag : reference.digest;
  for (int depth = 0; depth < 2; ++depth) {
    auto fetched = registry.fetch_manifest(wanted);
    auto digest = sha256_digest(fetched.body);
    if (is_sha256_digest(wanted) && digest != wanted)
      throw Error("manifest digest mismatch: expected " + wanted + ", got " + digest,
                  reference.name());
    if (!is_index(fetched.media_type, fetched.body)) {
      auto type =
          fetched.media_type.empty() ? parse_manifest(fetched.body).media_type : fetched.media_type;
      return {{type, digest, static_cast<std::int64_t>(fetched.body.size())},
              std::move(fetched.body)};
    }
    try {
      wanted = select_platform(parse_image_index(fetched.body), platform).manifest.digest;
    } catch (const Error& e) {
      throw e.with_context(reference.familiar());
    }
  }
  throw Error("image index points at another index", reference.familiar());
}

// Serialises progress reports from the download threads.
class ProgressReporter {
 public:
  explicit ProgressReporter(const std::function<void(const PullProgress&)>& sink) : sink_(sink) {}
  void operator()(const std::string& id, PullProgress::State state, std::int64_t current = 0,
                  std::int64_t total = 0) {
    if (!sink_) return;
    std::lock_guard lock(mutex_);
    sink_({id, state, current, total});
  }

 private:
  const std::function<void(const PullProgress&)>& sink_;
  std::mutex mutex_;
};

std::string short_digest(const std::string& digest) { return digest.substr(7, 12); }
}  // namespace

const char* to_string(PullProgress::State state) {
  switch (state) {
    case PullProgress::State::resolving:
      return "Resolving";
    case PullProgress::State::waiting:
      return "Waiting";
    case PullProgress::State::already_exists:
      return "Already exists";
    case PullProgress::State::downloading:
      return "Downloading";
    case PullProgress::State::verifying:
      return "Verifying";
    case PullProgress::State::complete:
      return "Download complete";
    case PullProgress::State::done:
      return "Pulled";
  }
  return "";
}

Image pull_image(ImageStore& images, const ImageReference& reference, const PullOptions& options) {
  ProgressReporter report(options.progress);
  report(reference.familiar(), PullProgress::State::resolving);
  RegistryClient registry(reference, options.registry);
  auto resolved = resolve_manifest(registry, reference, options.platform);
  auto manifest = parse_manifest(resolved.body);

  ContentAdditions additions(images.content());
  std::mutex additions_mutex;
  additions.put(resolved.body, resolved.descriptor.media_type);

  std::vector<Descriptor> missing;
  if (!images.content().contains(manifest.config.digest)) missing.push_back(manifest.config);
  for (const auto& layer : manifest.layers) {
    if (images.content().contains(layer.digest)) {
      report(short_digest(layer.digest), PullProgress::State::already_exists);
    } else if (std::none_of(missing.begin(), missing.end(),
                            [&](const Descriptor& d) { return d.digest == layer.digest; })) {
      missing.push_back(layer);
      report(short_digest(layer.digest), PullProgress::State::waiting, 0, layer.size);
    }
  }

  std::atomic<std::size_t> next = 0;
  std::atomic<bool> failed = false;
  std::exception_ptr failure;
  auto download = [&] {
    while (!failed) {
      auto i = next++;
      if (i >= missing.size()) return;
      const auto& blob = missing[i];
      auto id = short_digest(blob.digest);
      try {
        auto writer = images.content().writer();
        registry.fetch_blob(blob, writer, [&](std::int64_t done) {
          report(id, PullProgress::State::downloading, done, blob.size);
        });
        report(id, PullProgress::State::verifying, blob.size, blob.size);
        std::lock_guard lock(additions_mutex);
        additions.commit(writer, blob);
        report(id, PullProgress::State::complete, blob.size, blob.size);
      } catch (...) {
        std::lock_guard lock(additions_mutex);
        if (!failed.exchange(true)) failure = std::current_exception();
      }
    }
  };
  std::vector<std::jthread> workers;
  auto count = std::min<std::size_t>(std::max(1u, options.parallel_downloads), missing.size());
  for (std::size_t i = 0; i < count; ++i) workers.emplace_back(download);
  workers.clear();  // joins
  if (failure) std::rethrow_exception(failure);

  ImageReference name = reference;
  if (!name.tag.empty()) name.digest.clear();
  auto image =
      images.add(resolved.descriptor, name.tag.empty() ? std::vector<ImageReference>{}
                                                       : std::vector<ImageReference>{name});
  std::set<std::string> used{image.manifest.digest, image.id};
  for (const auto& layer : image.layers) used.insert(layer.blob.digest);
  additions.keep_only(used);
  report(reference.familiar(), PullProgress::State::done);
  return image;
}

}  // namespace berth::storage
