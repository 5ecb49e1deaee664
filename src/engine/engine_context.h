#pragma once

#include <filesystem>
#include <mutex>
#include <string>

#include "engine/berth_config.h"
#include "engine/container_store.h"
#include "engine/pinned_netns.h"
#include "network/network_manager.h"
#include "state/state_store.h"
#include "storage/image_store.h"
#include "storage/overlay_rootfs.h"
#include "storage/volume_store.h"
#include "util/locations.h"

namespace berth::engine {

// Every store of one state root that a command works with, opened once.
// The layers' stores share one SQLite connection, so work that reads or writes
// state from several threads holds `state_mutex` around it.
struct EngineContext {
  explicit EngineContext(const Locations& locations);

  // The runtime's files for one container (spec, state, supervisor pid).
  std::filesystem::path runtime_dir(const std::string& container) const;
  // The state root's log of container events (`berth events`).
  std::filesystem::path events_log() const { return locations.state_root / "events.jsonl"; }
  // Compiled seccomp policies shared by the root's containers (see the runtime).
  std::filesystem::path seccomp_cache() const { return locations.state_root / "seccomp"; }

  Locations locations;
  BerthConfig config;
  state::StateStore state;
  storage::ImageStore images;
  storage::VolumeStore volumes;
  storage::OverlayRootfs rootfs;
  network::NetworkManager networks;
  ContainerStore containers;
  PinnedNetns pins;
  std::mutex state_mutex;
};

}  // namespace berth::engine
