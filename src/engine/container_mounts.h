#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "runtime/container_spec.h"
#include "spec/model.h"
#include "storage/volume_store.h"
#include "util/user_namespace.h"

namespace berth::engine {

// Marks the volumes berth made for bare targets; `down -v` and `rm -v` remove them.
inline constexpr const char* kAnonymousVolumeLabel = "io.berth.volume.anonymous";

// The named volumes a service mounts, by their resolved names. (Anonymous ones are
// named after the container, `<container>_anon<N>`, so a recreate keeps them as
// compose does, and carry kAnonymousVolumeLabel.)
std::set<std::string> named_volumes_of(const spec::Project& project, const spec::Service& service);
bool is_anonymous_volume_of(const storage::Volume& volume, const std::string& container);

// A container's volumes and binds as docker lists its mounts: each volume's
// name (an anonymous one's too) or bind's host path, in the service's order.
struct MountNames {
  std::vector<std::string> names;
  int volumes = 0;  // how many of them are volumes (docker's LocalVolumes)
};
MountNames mount_names(const spec::Project& project, const spec::Service& service,
                       const std::string& container);

// Resolves every mount of the service on the host: binds (relative to the
// project dir, symlinks followed here), volumes (created on first use, filled
// from the image when empty), tmpfs. `rootfs` is the mounted root, for copy-up.
// A container with `userns` gets a volume whose top directory belongs to the
// host's root (unmapped inside, so unwritable) given to the container's root.
std::vector<runtime::MountSpec> resolve_service_mounts(
    const spec::Project& project, const spec::Service& service, const std::string& container,
    const std::filesystem::path& rootfs, storage::VolumeStore& volumes,
    const std::optional<IdMapping>& userns = std::nullopt);

}  // namespace berth::engine
