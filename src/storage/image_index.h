#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "storage/descriptor.h"

namespace berth::storage {

// os/architecture[/variant], as in an index entry and compose's `platform:`.
struct Platform {
  std::string os = "linux";
  std::string architecture;
  std::string variant;

  // The machine berth runs on (uname), e.g. linux/amd64 or linux/arm64/v8.
  static Platform host();
  std::string text() const;
  bool matches(const Platform& wanted) const;
};

// "linux/amd64", "linux/arm/v7"; throws berth::Error on other shapes.
Platform parse_platform(std::string_view text);

struct IndexEntry {
  Descriptor manifest;
  Platform platform;  // architecture empty when the entry names none
  std::map<std::string, std::string> annotations;
};

// An OCI image index or a Docker manifest list (the same shape).
struct ImageIndex {
  std::string media_type;
  std::vector<IndexEntry> manifests;
};

ImageIndex parse_image_index(std::string_view json);
std::string serialize_image_index(const ImageIndex& index);

// Whether a manifest-like document is an index (by media type, or by shape
// when the media type is missing: an index lists "manifests").
bool is_index(std::string_view media_type, std::string_view json);

// The entry built for the platform; throws naming the platforms on offer.
const IndexEntry& select_platform(const ImageIndex& index, const Platform& wanted);

}  // namespace berth::storage
