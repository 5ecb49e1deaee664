#include "engine/engine_context.h"

namespace berth::engine {

EngineContext::EngineContext(const Locations& where)
    : locations(where),
      config(BerthConfig::load(berth_config_path())),
      state(where),
      images(state),
      volumes(state),
      rootfs(where.state_root, images.layers()),
      networks(state, config.network_options()),
      containers(state.db()),
      pins(where.run_dir) {}

std::filesystem::path EngineContext::runtime_dir(const std::string& container) const {
  return locations.run_dir / "containers" / container;
}

}  // namespace berth::engine
