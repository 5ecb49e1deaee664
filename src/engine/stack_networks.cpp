#include "engine/stack_networks.h"

#include "engine/container_lifecycle.h"
#include "spec/json_output.h"

namespace berth::engine {

void remove_changed_networks(EngineContext& context, const spec::Project& project, StackPlan& plan,
                             const ProgressSink& progress) {
  ContainerLifecycle lifecycle(context, project);
  for (const auto& network : plan.networks) {
    if (network.action != ObjectAction::recreate) continue;
    std::string why = "network " + network.name + " is recreated";
    for (const auto& container : context.networks.containers_on(network.name)) {
      progress({"Container", container, "Recreate", ProgressState::working, why});
      lifecycle.remove(*context.containers.find(container), std::nullopt, false);
      auto step = find_container_step(project, plan.containers, container);
      if (step == plan.containers.end()) continue;
      if (step->action == ContainerAction::remove)
        plan.containers.erase(step);
      else
        step->action = ContainerAction::create;
    }
    context.networks.remove_network(network.name);
    progress({"Network", network.name, "Removed", ProgressState::done, "its declaration changed"});
  }
}

void create_networks(EngineContext& context, const spec::Project& project,
                     const std::vector<NetworkStep>& steps, const ProgressSink& progress) {
  for (const auto& step : steps) {
    if (step.action == ObjectAction::keep) continue;
    const auto& declared = project.networks.at(step.key);
    network::NetworkSpec spec;
    spec.name = declared.name;
    spec.project = project.name;
    spec.internal = declared.internal;
    spec.config_hash = spec::config_hash(declared);
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
    // NetworkManager takes the global lock itself; creating an existing network
    // returns it. The DNS helper comes up while containers are made; the caller
    // awaits it before one starts.
    context.networks.create_network(spec, network::DnsWait::later);
    progress({"Network", declared.name, "Created", ProgressState::done, {}});
  }
}

}  // namespace berth::engine
