#pragma once

#include <filesystem>

#include "storage/content_store.h"

namespace berth::storage {

// Writes the tree under dir as an uncompressed layer tar into the content store
// (names relative to dir; owners, modes, xattrs, timestamps and hard links kept;
// symlinks stored as links, never followed). Returns the blob: its digest is
// also the layer's diff_id.
Descriptor archive_directory(const std::filesystem::path& dir, ContentStore& content);

}  // namespace berth::storage
