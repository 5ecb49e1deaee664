#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace berth::runtime {

// A set of capabilities as a bit mask over capability numbers (CAP_CHOWN = bit 0).
using CapabilitySet = std::uint64_t;

// Parses "NET_ADMIN", "CAP_NET_ADMIN" or "ALL" (case-insensitive); throws on unknown names.
CapabilitySet parse_capability(const std::string& name);

// Docker's rule: the default set (everything when privileged), plus cap_add, minus
// cap_drop; "ALL" in cap_add/cap_drop means every capability the kernel knows.
CapabilitySet container_capabilities(bool privileged, const std::vector<std::string>& cap_add,
                                     const std::vector<std::string>& cap_drop);

// Highest capability number the running kernel supports.
int last_capability();

// In the container's child, before the user switch: shrinks the bounding set.
void drop_bounding_set(CapabilitySet keep);

// After the user switch: sets the effective, permitted and inheritable sets.
void set_process_capabilities(CapabilitySet keep);

}  // namespace berth::runtime
