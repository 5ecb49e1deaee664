#pragma once

#include <cstdint>
#include <string>

#include "network/links.h"

namespace berth::network {

// Names of the kernel objects berth creates, so a gc can find its own after a
// crash: every one starts with "bt" + the state root id, and fits IFNAMSIZ.
class KernelNames {
 public:
  explicit KernelNames(std::string root_id) : root_id_(std::move(root_id)) {}

  std::string link_prefix() const { return "bt" + root_id_; }
  std::string bridge(int64_t network_id) const;
  std::string host_veth(int64_t endpoint_id) const;
  std::string host_veth_prefix() const { return link_prefix() + "v"; }
  std::string nft_table() const { return "berth_" + root_id_; }
  // The link group (never 0, the default) where links wait to be deleted all
  // at once; distinct per state root.
  uint32_t retired_group() const;
  // A locally administered MAC derived from the bridge name: stable across
  // re-creation and distinct per network.
  MacAddress bridge_mac(const std::string& bridge_name) const;

 private:
  std::string root_id_;
};

// A container MAC derived from its IPv4 address (02:42:a.b.c.d, like docker),
// so a container keeps its MAC as long as it keeps its address.
MacAddress mac_for_address(uint32_t ipv4_host_order);

}  // namespace berth::network
