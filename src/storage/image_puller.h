#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "storage/image_index.h"
#include "storage/image_store.h"
#include "storage/registry_client.h"

namespace berth::storage {

// One line of pull progress, docker-style: id is a layer's short digest, or
// the reference for whole-image steps.
struct PullProgress {
  enum class State { resolving, waiting, already_exists, downloading, verifying, complete, done };
  std::string id;
  State state = State::waiting;
  std::int64_t current = 0;
  std::int64_t total = 0;
};

const char* to_string(PullProgress::State state);

struct PullOptions {
  Platform platform = Platform::host();
  RegistryOptions registry;
  unsigned parallel_downloads = 3;
  // Called from download threads, but never from two at once.
  std::function<void(const PullProgress&)> progress;
};

// `berth pull` and the engine's pull_policy: resolves the reference on its
// registry, picks the platform's manifest from an index or manifest list,
// downloads the config and the missing layers in parallel, each to a temp file
// verified against its digest before it is stored, unpacks and records the
// image under the reference. Blobs already in the store are not downloaded
// again. On any failure nothing of this pull is left in the store.
Image pull_image(ImageStore& images, const ImageReference& reference,
                 const PullOptions& options = {});

}  // namespace berth::storage
