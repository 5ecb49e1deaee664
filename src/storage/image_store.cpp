#include "storage/image_store.h"

#include <ctime>
#include <regex>

#include "storage/storage_schema.h"
#include "util/error.h"

namespace berth::storage {

namespace {
std::vector<std::string> column_strings(state::Statement statement) {
  std::vector<std::string> out;
  while (statement.step()) out.push_back(statement.column_text(0));
  return out;
}

bool is_id_prefix(std::string_view text) {
  static const std::regex hex("[a-f0-9]{4,64}");
  return std::regex_match(text.begin(), text.end(), hex);
}
}  // namespace

std::int64_t Image::size() const {
  std::int64_t total = 0;
  for (const auto& layer : layers) total += layer.blob.size;
  return total;
}

ImageStore::ImageStore(state::StateStore& state)
    : db_(state.db()),
      state_root_(state.locations().state_root),
      content_(state_root_),
      layers_(state_root_) {
  state::apply_migrations(db_, storage_migrations());
}

Image ImageStore::add(const Descriptor& manifest_descriptor,
                      const std::vector<ImageReference>& names) {
  Image image;
  image.manifest = manifest_descriptor;
  auto manifest = parse_manifest(content_.read_verified(manifest_descriptor));
  image.manifest.media_type = manifest.media_type;
  image.id = manifest.config.digest;
  image.config = parse_image_config(content_.read_verified(manifest.config));
  if (image.config.diff_ids.size() != manifest.layers.size())
    throw Error("image config lists " + std::to_string(image.config.diff_ids.size()) +
                    " diff_ids but the manifest has " + std::to_string(manifest.layers.size()) +
                    " layers",
                manifest_descriptor.digest);
  // Layers this call unpacked go again if the image cannot be recorded.
  std::vector<std::string> unpacked;
  try {
    for (std::size_t i = 0; i < manifest.layers.size(); ++i) {
      const auto& blob = manifest.layers[i];
      const auto& diff_id = image.config.diff_ids[i];
      if (!content_.contains(blob.digest))
        throw Error("layer blob missing from the store", blob.digest);
      if (!layers_.contains(diff_id)) unpacked.push_back(diff_id);
      layers_.unpack(content_.path_of(blob.digest), blob, diff_id);
      image.layers.push_back({diff_id, blob});
    }
    for (const auto& name : names) image.names.push_back(name.canonical());
    image.added = std::time(nullptr);
    std::lock_guard lock(db_mutex_);
    record(image);
  } catch (const Error&) {
    std::lock_guard lock(db_mutex_);
    for (const auto& diff_id : unpacked)
      if (layers_.contains(diff_id) &&
          !db_.query_value("SELECT 1 FROM storage_image_layers WHERE diff_id = ?", {diff_id}))
        layers_.remove(diff_id);
    throw;
  }
  std::lock_guard lock(db_mutex_);
  return load(image.id);
}

void ImageStore::record(const Image& image) {
  state::Transaction transaction(db_);
  db_.execute(
      "INSERT OR IGNORE INTO storage_images (id, manifest_digest, manifest_media_type, "
      "manifest_size, config_size, added) VALUES (?, ?, ?, ?, ?, ?)",
      {image.id, image.manifest.digest, image.manifest.media_type, image.manifest.size,
       std::int64_t{0}, image.added});
  for (std::size_t i = 0; i < image.layers.size(); ++i) {
    const auto& layer = image.layers[i];
    db_.execute(
        "INSERT OR REPLACE INTO storage_image_layers (image_id, position, diff_id, blob_digest, "
        "media_type, size) VALUES (?, ?, ?, ?, ?, ?)",
        {image.id, static_cast<std::int64_t>(i), layer.diff_id, layer.blob.digest,
         layer.blob.media_type, layer.blob.size});
  }
  for (const auto& name : image.names)
    db_.execute("INSERT OR REPLACE INTO storage_image_names (name, image_id) VALUES (?, ?)",
                {name, image.id});
  transaction.commit();
}

Image ImageStore::load(const std::string& id) {
  auto row = db_.prepare(
      "SELECT manifest_digest, manifest_media_type, manifest_size, added FROM storage_images "
      "WHERE id = ?");
  row.bind(1, id);
  if (!row.step()) throw Error("no such image", id);
  Image image;
  image.id = id;
  image.manifest = {row.column_text(1), row.column_text(0), row.column_int(2)};
  image.added = row.column_int(3);
  auto names = db_.prepare("SELECT name FROM storage_image_names WHERE image_id = ? ORDER BY name");
  names.bind(1, id);
  image.names = column_strings(std::move(names));
  auto manifest = parse_manifest(content_.read_verified(image.manifest));
  image.config = parse_image_config(content_.read_verified(manifest.config));
  auto layers = db_.prepare(
      "SELECT diff_id, blob_digest, media_type, size FROM storage_image_layers "
      "WHERE image_id = ? ORDER BY position");
  layers.bind(1, id);
  while (layers.step())
    image.layers.push_back({layers.column_text(0),
                            {layers.column_text(2), layers.column_text(1), layers.column_int(3)}});
  return image;
}

std::optional<std::string> ImageStore::resolve_id(std::string_view text) {
  if (is_sha256_digest(text) &&
      db_.query_value("SELECT id FROM storage_images WHERE id = ?", {std::string(text)}))
    return std::string(text);
  std::optional<ImageReference> ref;
  try {
    ref = parse_image_reference(text);
  } catch (const Error&) {
  }
  if (ref && !ref->digest.empty()) {
    if (auto id = db_.query_value("SELECT id FROM storage_images WHERE manifest_digest = ?",
                                  {ref->digest}))
      return std::get<std::string>(*id);
  } else if (ref) {
    if (auto id = db_.query_value("SELECT image_id FROM storage_image_names WHERE name = ?",
                                  {ref->canonical()}))
      return std::get<std::string>(*id);
  }
  std::string prefix(text.starts_with("sha256:") ? text.substr(7) : text);
  if (!is_id_prefix(prefix)) return std::nullopt;
  auto matches = db_.prepare("SELECT id FROM storage_images WHERE id LIKE ? LIMIT 2");
  matches.bind(1, "sha256:" + prefix + "%");
  auto ids = column_strings(std::move(matches));
  if (ids.size() > 1) throw Error("ambiguous image id prefix", std::string(text));
  if (ids.empty()) return std::nullopt;
  return ids[0];
}

std::optional<Image> ImageStore::find(std::string_view name_or_id) {
  std::lock_guard lock(db_mutex_);
  auto id = resolve_id(name_or_id);
  if (!id) return std::nullopt;
  return load(*id);
}

Image ImageStore::get(std::string_view name_or_id) {
  auto image = find(name_or_id);
  if (!image) throw Error("no such image", std::string(name_or_id));
  return *image;
}

std::vector<Image> ImageStore::list() {
  std::vector<Image> images;
  for (const auto& id :
       column_strings(db_.prepare("SELECT id FROM storage_images ORDER BY added DESC, id")))
    images.push_back(load(id));
  return images;
}

void ImageStore::tag(std::string_view source, const ImageReference& target) {
  auto image = get(source);
  db_.execute("INSERT OR REPLACE INTO storage_image_names (name, image_id) VALUES (?, ?)",
              {target.canonical(), image.id});
}

std::vector<std::filesystem::path> ImageStore::layer_dirs(const Image& image) const {
  std::vector<std::filesystem::path> dirs;
  for (const auto& layer : image.layers) {
    if (!layers_.contains(layer.diff_id)) throw Error("layer not unpacked", layer.diff_id);
    dirs.push_back(layers_.dir_of(layer.diff_id));
  }
  return dirs;
}

}  // namespace berth::storage
