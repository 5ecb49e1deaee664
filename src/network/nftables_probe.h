#pragma once

#include <string>

namespace berth::network {

struct NftablesSupport {
  bool usable;
  std::string error;  // why not, when unusable
};

// Asks the kernel over NETLINK_NETFILTER for its nf_tables tables (a dump that
// changes nothing); an answer means berth can program its own table.
NftablesSupport probe_nftables();

}  // namespace berth::network
