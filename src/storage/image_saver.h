#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "storage/image_store.h"

namespace berth::storage {

// `berth save`: writes the images as an oci-archive (oci-layout, index.json,
// blobs/sha256) that also carries docker's manifest.json, like `docker save`
// since docker 25, so docker, podman, skopeo and berth can all load it. An
// image given by name is saved under that name, one given by id under all of
// its names. The file appears only when complete (temp file, then rename).
void save_images(ImageStore& images, const std::vector<std::string>& names_or_ids,
                 const std::filesystem::path& output);

}  // namespace berth::storage
