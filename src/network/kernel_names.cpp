#include "network/kernel_names.h"

#include <cstdio>

#include "util/error.h"

namespace berth::network {

namespace {
std::string hex(int64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%llx", static_cast<unsigned long long>(value));
  return text;
}

uint32_t fnv1a(const std::string& text) {  // tiny, stable across builds
  uint32_t hash = 2166136261u;
  for (char c : text) hash = (hash ^ static_cast<uint8_t>(c)) * 16777619u;
  return hash;
}

std::string checked(std::string name) {
  if (name.size() > 15) throw Error("interface name longer than 15 characters", name);
  return name;
}
}  // namespace

std::string KernelNames::bridge(int64_t network_id) const {
  return checked(link_prefix() + "b" + hex(network_id));
}

std::string KernelNames::host_veth(int64_t endpoint_id) const {
  return checked(host_veth_prefix() + hex(endpoint_id));
}

MacAddress KernelNames::bridge_mac(const std::string& bridge_name) const {
  uint32_t hash = fnv1a(bridge_name);
  return {0x02,
          0xb7,
          static_cast<uint8_t>(hash >> 24),
          static_cast<uint8_t>(hash >> 16),
          static_cast<uint8_t>(hash >> 8),
          static_cast<uint8_t>(hash)};
}

uint32_t KernelNames::retired_group() const { return fnv1a("retired:" + root_id_) | 0x80000000u; }

MacAddress mac_for_address(uint32_t ipv4_host_order) {
  return {0x02,
          0x42,
          static_cast<uint8_t>(ipv4_host_order >> 24),
          static_cast<uint8_t>(ipv4_host_order >> 16),
          static_cast<uint8_t>(ipv4_host_order >> 8),
          static_cast<uint8_t>(ipv4_host_order)};
}

}  // namespace berth::network
