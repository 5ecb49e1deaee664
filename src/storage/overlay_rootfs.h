#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "storage/layer_store.h"
#include "util/user_namespace.h"

namespace berth::storage {

// Per-container overlay root filesystems under <state root>/containers/<id>:
// the image layers are the lower dirs, and upper/ and work/ belong to the
// container. Mounted in the host mount namespace at <id>/merged, from where the
// runtime makes it the container's root. A shareable /dev/shm lives there too.
class OverlayRootfs {
 public:
  OverlayRootfs(const std::filesystem::path& state_root, const LayerStore& layers);

  // Mounts (idempotently) the container's root over diff_ids (bottom first);
  // read_only mounts it MS_RDONLY. Returns the merged dir. With `shift` (a
  // container in a user namespace) the shared layers are seen through idmapped
  // mounts, so their root-owned files belong to the container's root, while the
  // container's own upper dir stores the host ids it writes with.
  std::filesystem::path mount(const std::string& container_id,
                              const std::vector<std::string>& diff_ids, bool read_only,
                              const std::optional<IdMapping>& shift = std::nullopt);
  // A /dev/shm tmpfs of `size` bytes at <id>/shm, on the host so that other
  // containers can share it (ipc: shareable); idempotent. Returns its dir.
  std::filesystem::path mount_shm(const std::string& container_id, std::int64_t size);
  // Detaches the mounts; the upper dir and what the container wrote stay.
  void unmount(const std::string& container_id);
  // Unmounts and deletes everything the container owns; the image stays.
  void remove(const std::string& container_id);

  std::filesystem::path container_dir(const std::string& container_id) const;
  std::filesystem::path merged_dir(const std::string& container_id) const;
  std::filesystem::path upper_dir(const std::string& container_id) const;
  // docker's SizeRw: the bytes of the files the container wrote to its own layer.
  std::int64_t written_bytes(const std::string& container_id) const;
  bool is_mounted(const std::string& container_id) const;

 private:
  std::filesystem::path state_root_;
  const LayerStore& layers_;
};

}  // namespace berth::storage
