#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace berth::storage {

enum class MountType { bind, volume, tmpfs };

// One mount the runtime makes inside the container's mount namespace. Sources
// are already resolved on the host (symlinks followed here, never inside the
// container); a volume's source is its data directory.
struct MountEntry {
  MountType type = MountType::bind;
  std::string source;  // absolute host path; empty for tmpfs
  std::string target;  // absolute container path
  bool read_only = false;
  std::string propagation = "rprivate";     // private, rprivate, shared, rshared, slave, rslave
  std::optional<std::uint64_t> tmpfs_size;  // bytes
  std::optional<unsigned> tmpfs_mode;       // e.g. 01777

  // The data string for mount(2) of a tmpfs: "size=...,mode=...".
  std::string tmpfs_data() const;
  bool operator==(const MountEntry&) const = default;
};

std::string to_string(MountType type);

// "64m", "1g", "1024", "512k" (docker's units, powers of 1024) → bytes.
std::uint64_t parse_byte_size(const std::string& text);

}  // namespace berth::storage
