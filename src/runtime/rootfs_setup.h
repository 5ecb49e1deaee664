#pragma once

#include "runtime/container_spec.h"

namespace berth::runtime {

// Runs in the container's child process, already in its own mount namespace and
// before privileges are dropped: builds the mount tree under spec.rootfs (proc, sys,
// dev, the given mounts), applies sysctls, pivots into it and detaches the old root.
void prepare_rootfs(const ContainerSpec& spec);

// Mounts `mounts` (binds, volumes, tmpfs) at their targets under `root`, each target
// resolved inside it; used by prepare_rootfs and for a stopped container's file view.
void mount_into_root(const std::string& root, const std::vector<MountSpec>& mounts);

// After the pivot: Docker's masked and read-only paths, then a read-only root if asked.
void harden_rootfs(const ContainerSpec& spec);

}  // namespace berth::runtime
