#include "storage/content_additions.h"

#include "util/error.h"
#include "util/log.h"

namespace berth::storage {

ContentAdditions::~ContentAdditions() {
  for (const auto& digest : added_) {
    try {
      content_.remove(digest);
    } catch (const Error& e) {
      log::warn("leaving blob {} of a failed operation: {}", digest, e.what());
    }
  }
}

Descriptor ContentAdditions::commit(BlobWriter& writer, const Descriptor& expected) {
  bool existed = content_.contains(writer.digest());
  auto descriptor = writer.commit(expected);
  if (!existed) added_.insert(descriptor.digest);
  return descriptor;
}

Descriptor ContentAdditions::put(std::string_view bytes, const std::string& media_type) {
  auto writer = content_.writer();
  writer.write(bytes);
  return commit(writer, {media_type, {}, 0});
}

void ContentAdditions::keep_only(const std::set<std::string>& digests) {
  for (const auto& digest : digests) added_.erase(digest);
  auto leftovers = std::move(added_);
  added_.clear();
  for (const auto& digest : leftovers) content_.remove(digest);
}

}  // namespace berth::storage
