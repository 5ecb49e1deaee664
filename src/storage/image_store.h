#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/state_store.h"
#include "storage/content_store.h"
#include "storage/image_config.h"
#include "storage/image_reference.h"
#include "storage/layer_store.h"
#include "storage/manifest.h"

namespace berth::storage {

struct ImageLayer {
  std::string diff_id;
  Descriptor blob;
};

// An image in the store, as the engine sees it.
struct Image {
  std::string id;  // config digest
  Descriptor manifest;
  std::vector<std::string> names;  // canonical "registry/repository:tag"
  ImageConfig config;
  std::vector<ImageLayer> layers;  // bottom first
  std::int64_t added = 0;          // unix seconds

  std::int64_t size() const;
  std::string short_id() const { return id.substr(7, 12); }
};

// Images recorded in the state db (component "storage") over the content and
// layer stores under the state root. find, get and add may run on several
// threads at once (up pulls images side by side); the other members may not.
class ImageStore {
 public:
  explicit ImageStore(state::StateStore& state);

  // Records an image whose manifest is in the content store: reads it and the
  // config verified, unpacks every layer verified against the config's
  // diff_ids, then gives it the names (a name already in use moves here).
  Image add(const Descriptor& manifest, const std::vector<ImageReference>& names);

  // `berth import`: a directory or a layer tar (plain, gzip or zstd) becomes a
  // one-layer image; changes are Dockerfile-style lines (CMD, ENV, ...).
  Image import_rootfs(const std::filesystem::path& source, const std::vector<ImageReference>& names,
                      const std::vector<std::string>& changes);

  // A name ("busybox", "localhost:5000/a:1", "name@sha256:..."), a full id or
  // an unambiguous id prefix of at least 4 hex digits.
  std::optional<Image> find(std::string_view name_or_id);
  Image get(std::string_view name_or_id);  // throws "no such image"
  std::vector<Image> list();

  void tag(std::string_view source, const ImageReference& target);
  // Removing a name untags it; the image goes when its last name goes, or at
  // once when given by id (refused if it has several names, unless force).
  // Blobs and layers are freed only when no other image references them.
  // Returns the ids of images deleted.
  std::vector<std::string> remove(std::string_view name_or_id, bool force);

  // The image's unpacked layer dirs, bottom first.
  std::vector<std::filesystem::path> layer_dirs(const Image& image) const;

  ContentStore& content() { return content_; }
  LayerStore& layers() { return layers_; }
  const std::filesystem::path& state_root() const { return state_root_; }

 private:
  std::optional<std::string> resolve_id(std::string_view name_or_id);
  Image load(const std::string& id);
  void record(const Image& image);
  void delete_image(const std::string& id);

  state::Database& db_;
  std::mutex db_mutex_;  // the connection is shared by find/get/add's threads
  std::filesystem::path state_root_;
  ContentStore content_;
  LayerStore layers_;
};

}  // namespace berth::storage
