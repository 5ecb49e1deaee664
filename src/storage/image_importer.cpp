#include <ctime>

#include "storage/directory_archiver.h"
#include "storage/image_store.h"
#include "storage/layer_media_type.h"
#include "util/error.h"

namespace berth::storage {

namespace fs = std::filesystem;

namespace {
std::string now_rfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}
}  // namespace

Image ImageStore::import_rootfs(const fs::path& source, const std::vector<ImageReference>& names,
                                const std::vector<std::string>& changes) {
  ImageConfig config;
  config.created = now_rfc3339();
  config.defaults.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
  for (const auto& change : changes) apply_change(config.defaults, change);

  Descriptor layer;
  if (fs::is_directory(source)) {
    layer = archive_directory(source, content_);
  } else if (fs::is_regular_file(source)) {
    layer = content_.put_file(source);
    layer.media_type = layer_media_type(content_.path_of(layer.digest));
  } else {
    throw Error("import source is neither a directory nor a tar file", source.string());
  }
  config.diff_ids = {layers_.unpack(content_.path_of(layer.digest), layer)};

  Manifest manifest;
  manifest.media_type = media_type::kOciManifest;
  manifest.config = content_.put(serialize_image_config(config), media_type::kOciConfig);
  manifest.layers = {layer};
  auto manifest_descriptor = content_.put(serialize_manifest(manifest), media_type::kOciManifest);
  return add(manifest_descriptor, names);
}

}  // namespace berth::storage
