#include <fcntl.h>
#include <unistd.h>

#include <ctime>

#include "storage/directory_archiver.h"
#include "storage/image_store.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::storage {

namespace fs = std::filesystem;

namespace {
// The layer media type follows the bytes, not the file name.
std::string layer_media_type(const fs::path& tar) {
  UniqueFd fd(::open(tar.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw_errno("opening", tar.string());
  unsigned char magic[4] = {};
  if (::read(fd.get(), magic, sizeof magic) < 0) throw_errno("reading", tar.string());
  if (magic[0] == 0x1f && magic[1] == 0x8b) return media_type::kOciLayerGzip;
  if (magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
    return media_type::kOciLayerZstd;
  return media_type::kOciLayer;
}

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
    layer.media_type = layer_media_type(source);
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
