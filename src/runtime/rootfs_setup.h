#pragma once

#include "runtime/container_spec.h"

namespace berth::runtime {

// Runs in the container's child process, already in its own mount namespace and
// before privileges are dropped: builds the mount tree under spec.rootfs (proc, sys,
// dev, the given mounts), applies sysctls, pivots into it and detaches the old root.
void prepare_rootfs(const ContainerSpec& spec);

// After the pivot: Docker's masked and read-only paths, then a read-only root if asked.
void harden_rootfs(const ContainerSpec& spec);

}  // namespace berth::runtime
