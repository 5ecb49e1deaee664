#pragma once

#include <libmnl/libmnl.h>

#include <cstdint>
#include <functional>
#include <string>

namespace berth::network {

// Dumps nf_tables objects of one kind (NFT_MSG_GETCHAIN, NFT_MSG_GETRULE, ...);
// `fill` may add filter attributes (e.g. table and chain), `visit` sees each answer.
void nft_dump(uint16_t message_type, uint16_t family, const std::function<void(nlmsghdr*)>& fill,
              const std::function<void(const nlmsghdr*)>& visit, const std::string& what);

}  // namespace berth::network
