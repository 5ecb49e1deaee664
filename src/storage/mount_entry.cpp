#include "storage/mount_entry.h"

#include <cctype>
#include <cstdio>

#include "util/error.h"

namespace berth::storage {

std::string MountEntry::tmpfs_data() const {
  std::string data;
  if (tmpfs_size) data = "size=" + std::to_string(*tmpfs_size);
  if (tmpfs_mode) {
    char mode[16];
    std::snprintf(mode, sizeof mode, "mode=%o", *tmpfs_mode);
    data += (data.empty() ? "" : ",") + std::string(mode);
  }
  return data;
}

std::string to_string(MountType type) {
  switch (type) {
    case MountType::bind:
      return "bind";
    case MountType::volume:
      return "volume";
    case MountType::tmpfs:
      return "tmpfs";
  }
  return "unknown";
}

std::uint64_t parse_byte_size(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0) throw Error("invalid size (expected a number with optional k, m, g)", text);
  std::uint64_t value = std::stoull(text.substr(0, digits));
  std::string unit = text.substr(digits);
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit.ends_with("b") && unit.size() > 1) unit.pop_back();
  if (unit.empty() || unit == "b") return value;
  if (unit == "k") return value << 10;
  if (unit == "m") return value << 20;
  if (unit == "g") return value << 30;
  throw Error("invalid size unit \"" + unit + "\" (use k, m or g)", text);
}

}  // namespace berth::storage
