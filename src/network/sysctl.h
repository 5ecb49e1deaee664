#pragma once

#include <string>

namespace berth::network {

// Writes a value under /proc/sys/net of the calling thread's network namespace,
// e.g. write_net_sysctl("ipv4/ip_forward", "1").
void write_net_sysctl(const std::string& key, const std::string& value);

}  // namespace berth::network
