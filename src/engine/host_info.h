#pragma once

#include <string>
#include <vector>

#include "network/nftables_probe.h"
#include "runtime/cgroup_probe.h"
#include "runtime/namespace_probe.h"
#include "util/locations.h"

namespace berth::engine {

// What this host offers berth: the facts `berth info` reports.
struct HostInfo {
  std::string kernel_release;
  std::vector<runtime::NamespaceSupport> namespaces;
  runtime::CgroupLayout cgroups;
  bool overlay;
  network::NftablesSupport nftables;
  Locations locations;
};

HostInfo collect_host_info(const Locations& locations);

}  // namespace berth::engine
