#pragma once

#include "storage/image_puller.h"
#include "storage/image_store.h"

namespace berth::cli {

// Pulls one image, showing docker-style progress on stdout unless `quiet`: on
// a terminal one line per layer, redrawn in place; otherwise one line per
// state change. Then prints the digest and the reference (the id when quiet).
storage::Image pull_with_progress(storage::ImageStore& images,
                                  const storage::ImageReference& reference,
                                  storage::PullOptions options, bool quiet);

}  // namespace berth::cli
