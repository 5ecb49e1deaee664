#pragma once

#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "storage/image_puller.h"
#include "storage/image_store.h"

namespace berth::cli {

// One image to pull, shown under `label` when several are pulled at once.
struct PullRequest {
  std::string label;
  storage::ImageReference reference;
  storage::PullOptions options;
};

// What became of one request: the image, or what stopped it.
struct PullOutcome {
  std::optional<storage::Image> image;
  std::exception_ptr failure;
};

// Pulls every request side by side (as compose pulls), showing docker-style
// progress on stdout unless `quiet`: on a terminal one line per layer, redrawn
// in place; otherwise one line per state change. Each pulled image then prints
// its digest and reference (its id when quiet), in the requests' order.
std::vector<PullOutcome> pull_all_with_progress(storage::ImageStore& images,
                                                const std::vector<PullRequest>& requests,
                                                bool quiet);

// One image; throws what stopped it.
storage::Image pull_with_progress(storage::ImageStore& images,
                                  const storage::ImageReference& reference,
                                  storage::PullOptions options, bool quiet);

}  // namespace berth::cli
