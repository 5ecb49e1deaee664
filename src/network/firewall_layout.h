#pragma once

#include <linux/netfilter.h>

#include <cstdint>
#include <string>

#include "network/nft_batch.h"

namespace berth::network {

// One inet table holds berth's IPv4 and IPv6 rules.
inline constexpr uint32_t kFirewallFamily = NFPROTO_INET;

// Names inside berth's table, shared by the layout and the element updates.
namespace nft_names {
inline constexpr const char* kPublishedByAddress = "pub4";   // daddr . proto . port
inline constexpr const char* kPublishedAny = "pub4any";      // proto . port
inline constexpr const char* kPublishedByAddress6 = "pub6";  // the same for IPv6 targets
inline constexpr const char* kPublishedAny6 = "pub6any";
inline constexpr const char* kBridges = "bridges";
inline constexpr const char* kNatBridges = "nat_bridges";  // non-internal networks
inline constexpr const char* kInternalBridges = "internal_bridges";
inline constexpr const char* kSameBridge = "same_bridge";  // iifname . oifname of one network
inline constexpr const char* kSubnets = "subnets";         // IPv4 intervals of every network
inline constexpr const char* kSubnets6 = "subnets6";       // IPv6 intervals
}  // namespace nft_names

// Adds the table with its sets, maps, chains and rules to the batch.
void add_firewall_layout(NftBatch& batch, const std::string& table);
// Adds the IPv6 sets and rules alone, to a table made before berth had them.
void add_ipv6_layout(NftBatch& batch, const std::string& table);

}  // namespace berth::network
