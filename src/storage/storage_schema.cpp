#include "storage/storage_schema.h"

namespace berth::storage {

const std::vector<state::Migration>& storage_migrations() {
  static const std::vector<state::Migration> migrations = {
      {"storage", 1, R"sql(
CREATE TABLE storage_images (
  id TEXT PRIMARY KEY,              -- the config digest, as docker
  manifest_digest TEXT NOT NULL,
  manifest_media_type TEXT NOT NULL,
  manifest_size INTEGER NOT NULL,
  config_size INTEGER NOT NULL,
  added INTEGER NOT NULL            -- unix seconds
);
CREATE TABLE storage_image_names (
  name TEXT PRIMARY KEY,            -- canonical registry/repository:tag
  image_id TEXT NOT NULL REFERENCES storage_images(id)
);
CREATE TABLE storage_image_layers (
  image_id TEXT NOT NULL REFERENCES storage_images(id),
  position INTEGER NOT NULL,        -- 0 is the bottom layer
  diff_id TEXT NOT NULL,
  blob_digest TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (image_id, position)
);
CREATE INDEX storage_image_layers_diff ON storage_image_layers(diff_id);
CREATE TABLE storage_volumes (
  name TEXT PRIMARY KEY,
  driver TEXT NOT NULL,
  labels TEXT NOT NULL,             -- JSON object
  options TEXT NOT NULL,            -- JSON object: driver_opts
  created INTEGER NOT NULL
);
)sql"},
  };
  return migrations;
}

}  // namespace berth::storage
