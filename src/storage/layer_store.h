#pragma once

#include <filesystem>
#include <string>

#include "storage/descriptor.h"

namespace berth::storage {

// Unpacked layers, one directory per diff_id under <state root>/layers, shared
// read-only by every image and container that uses them. A layer is unpacked
// into a temp dir and renamed into place only after its digests check out, so
// a directory under its final name is always complete.
class LayerStore {
 public:
  explicit LayerStore(const std::filesystem::path& state_root);

  // Unpacks the blob once, verifying blob.digest (and size when > 0), and the
  // diff_id when expected_diff_id is given. Returns the layer's diff_id.
  std::string unpack(const std::filesystem::path& blob_path, const Descriptor& blob,
                     const std::string& expected_diff_id = {});

  bool contains(const std::string& diff_id) const;
  std::filesystem::path dir_of(const std::string& diff_id) const;
  // "l/<12 hex>", relative to the state root: a symlink to the layer dir that
  // keeps an overlay lowerdir list of 100+ layers inside one page.
  std::string short_link(const std::string& diff_id) const;
  void remove(const std::string& diff_id);

 private:
  std::filesystem::path state_root_;
  std::filesystem::path layers_dir_;
};

}  // namespace berth::storage
