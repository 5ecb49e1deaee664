#pragma once

#include <set>
#include <string>
#include <string_view>

#include "storage/content_store.h"

namespace berth::storage {

// The blobs one load or pull added to the content store. Unless the operation
// keeps them, they are removed again when this goes away, so a failure at any
// step (a digest mismatch, a missing blob, an unpack error) leaves no blob
// behind. Blobs that were already in the store are never touched.
class ContentAdditions {
 public:
  explicit ContentAdditions(ContentStore& content) : content_(content) {}
  ContentAdditions(const ContentAdditions&) = delete;
  ContentAdditions& operator=(const ContentAdditions&) = delete;
  ~ContentAdditions();

  // Commits the writer (verifying against expected) and records the blob if new.
  Descriptor commit(BlobWriter& writer, const Descriptor& expected = {});
  Descriptor put(std::string_view bytes, const std::string& media_type);
  // The operation succeeded: keeps these blobs and removes every other new one.
  void keep_only(const std::set<std::string>& digests);

 private:
  ContentStore& content_;
  std::set<std::string> added_;
};

}  // namespace berth::storage
