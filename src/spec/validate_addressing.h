#pragma once

#include "spec/model.h"
#include "spec/node.h"

namespace berth::spec {

// Addresses in networks' ipam.config and services' ipv4_address/ipv6_address:
// each one of its family, at most one pool per family, IPv6 only where the
// network has enable_ipv6. `root` supplies file:line:col for the messages.
void check_network_addressing(const Project& project, const Node& root);

}  // namespace berth::spec
