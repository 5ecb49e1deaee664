#include "engine/stack_networks.h"

namespace berth::engine {

void create_networks(EngineContext& context, const spec::Project& project,
                     const std::vector<NetworkStep>& steps, const ProgressSink& progress) {
  for (const auto& step : steps) {
    if (step.action == ObjectAction::keep) continue;
    const auto& declared = project.networks.at(step.key);
    network::NetworkSpec spec;
    spec.name = declared.name;
    spec.project = project.name;
    spec.internal = declared.internal;
    if (!declared.ipam_config.empty()) {
      const auto& pool = declared.ipam_config.front();
      if (!pool.subnet.empty()) spec.subnet = pool.subnet;
      if (!pool.ip_range.empty()) spec.ip_range = pool.ip_range;
      if (!pool.gateway.empty()) spec.gateway = pool.gateway;
    }
    if (auto bridge = declared.driver_opts.find("com.docker.network.bridge.name");
        bridge != declared.driver_opts.end())
      spec.bridge_name = bridge->second;
    if (auto mtu = declared.driver_opts.find("com.docker.network.driver.mtu");
        mtu != declared.driver_opts.end())
      spec.mtu = static_cast<uint32_t>(std::stoul(mtu->second));
    // NetworkManager takes the global lock itself; creating an existing network returns it.
    context.networks.create_network(spec);
    progress({"Network", declared.name, "Created", ProgressState::done, {}});
  }
}

}  // namespace berth::engine
