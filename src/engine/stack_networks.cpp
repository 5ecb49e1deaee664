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
    spec.enable_ipv6 = declared.enable_ipv6.value_or(false);
    // One pool per family; the loader checked that there is no second one.
    for (const auto& pool : declared.ipam_config) {
      auto set = [](std::optional<std::string>& field, const std::string& value) {
        if (!value.empty()) field = value;
      };
      if (pool.is_ipv6()) {
        set(spec.subnet6, pool.subnet);
        set(spec.ip_range6, pool.ip_range);
        set(spec.gateway6, pool.gateway);
      } else {
        set(spec.subnet, pool.subnet);
        set(spec.ip_range, pool.ip_range);
        set(spec.gateway, pool.gateway);
      }
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
