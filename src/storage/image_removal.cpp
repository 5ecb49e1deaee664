#include "storage/image_store.h"
#include "util/error.h"

namespace berth::storage {

namespace {
bool still_referenced(state::Database& db, const char* sql, const std::string& value) {
  return db.query_value(sql, {value}).has_value();
}
}  // namespace

std::vector<std::string> ImageStore::remove(std::string_view name_or_id, bool force) {
  auto id = resolve_id(name_or_id);
  if (!id) throw Error("no such image", std::string(name_or_id));
  auto count = std::get<std::int64_t>(
      *db_.query_value("SELECT count(*) FROM storage_image_names WHERE image_id = ?", {*id}));
  bool by_name = false;
  try {
    auto ref = parse_image_reference(name_or_id);
    by_name =
        ref.digest.empty() &&
        db_.query_value("SELECT 1 FROM storage_image_names WHERE name = ?", {ref.canonical()});
    if (by_name && count > 1) {
      db_.execute("DELETE FROM storage_image_names WHERE name = ?", {ref.canonical()});
      return {};
    }
  } catch (const Error&) {
  }
  if (!by_name && count > 1 && !force)
    throw Error("image is referenced by " + std::to_string(count) + " names (use -f)", *id);
  delete_image(*id);
  return {*id};
}

// Rows go first, in one transaction; files after, each only when no remaining
// image refers to it, so a crash in between leaves garbage, never a dangling row.
void ImageStore::delete_image(const std::string& id) {
  auto image = load(id);
  {
    state::Transaction transaction(db_);
    db_.execute("DELETE FROM storage_image_names WHERE image_id = ?", {id});
    db_.execute("DELETE FROM storage_image_layers WHERE image_id = ?", {id});
    db_.execute("DELETE FROM storage_images WHERE id = ?", {id});
    transaction.commit();
  }
  for (const auto& layer : image.layers) {
    if (!still_referenced(db_, "SELECT 1 FROM storage_image_layers WHERE diff_id = ?",
                          layer.diff_id))
      layers_.remove(layer.diff_id);
    if (!still_referenced(db_, "SELECT 1 FROM storage_image_layers WHERE blob_digest = ?",
                          layer.blob.digest))
      content_.remove(layer.blob.digest);
  }
  if (!still_referenced(db_, "SELECT 1 FROM storage_images WHERE manifest_digest = ?",
                        image.manifest.digest))
    content_.remove(image.manifest.digest);
  content_.remove(id);
}

}  // namespace berth::storage
