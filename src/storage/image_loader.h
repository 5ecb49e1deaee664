#pragma once

#include <filesystem>
#include <vector>

#include "storage/image_index.h"
#include "storage/image_store.h"

namespace berth::storage {

// `berth load`: reads a docker-archive (`docker save`: manifest.json, layer
// tars), an oci-archive or an OCI image layout directory (index.json,
// blobs/sha256). Archives may themselves be compressed; layers may be plain,
// gzip or zstd. Every blob is verified while it is read (against its name
// where the name is a digest, against the image config's diff_ids otherwise);
// any mismatch fails the whole load and leaves no blob, layer or image behind.
// From a multi-platform index the entry for `platform` is loaded.
std::vector<Image> load_images(ImageStore& images, const std::filesystem::path& source,
                               const Platform& platform = Platform::host());

}  // namespace berth::storage
