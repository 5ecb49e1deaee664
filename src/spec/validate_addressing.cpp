#include "spec/validate_addressing.h"

#include <arpa/inet.h>

#include <array>

#include "spec/errors.h"

namespace berth::spec {

namespace {
enum class Family { ipv4, ipv6 };

const char* name_of(Family family) { return family == Family::ipv4 ? "IPv4" : "IPv6"; }

bool is_address(const std::string& text, Family family) {
  std::array<unsigned char, 16> bytes{};
  return inet_pton(family == Family::ipv4 ? AF_INET : AF_INET6, text.c_str(), bytes.data()) == 1;
}

std::array<unsigned char, 16> bytes_of(const std::string& text, Family family) {
  std::array<unsigned char, 16> bytes{};
  inet_pton(family == Family::ipv4 ? AF_INET : AF_INET6, text.c_str(), bytes.data());
  return bytes;
}

// Whether a valid address lies inside a valid prefix ("a.b.c.d/n" or "x::/n").
bool prefix_contains(const std::string& prefix, const std::string& address, Family family) {
  auto slash = prefix.find('/');
  auto network = bytes_of(prefix.substr(0, slash), family);
  auto candidate = bytes_of(address, family);
  int bits = std::stoi(prefix.substr(slash + 1));
  for (int i = 0; i < bits; ++i) {
    int mask = 0x80 >> (i % 8);
    if ((network[i / 8] & mask) != (candidate[i / 8] & mask)) return false;
  }
  return true;
}

bool is_prefix(const std::string& text, Family family) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  std::string length = text.substr(slash + 1);
  int longest = family == Family::ipv4 ? 32 : 128;
  if (length.empty() || length.size() > 3 ||
      length.find_first_not_of("0123456789") != std::string::npos || std::stoi(length) > longest)
    return false;
  return is_address(text.substr(0, slash), family);
}

// The node at `path` below root, one key or sequence index at a time; the
// deepest that exists, so a message points as close as the file allows.
const Node& deepest(const Node& root, const std::vector<std::string>& path) {
  const Node* node = &root;
  for (const auto& step : path) {
    const Node* next = nullptr;
    if (node->is_sequence() && !step.empty() &&
        step.find_first_not_of("0123456789") == std::string::npos &&
        std::stoul(step) < node->items.size())
      next = &node->items[std::stoul(step)];
    else if (node->is_mapping())
      next = node->find(step);
    if (!next) break;
    node = next;
  }
  return *node;
}

std::string dotted(const std::vector<std::string>& path) {
  std::string text;
  for (const auto& step : path) text += (text.empty() ? "" : ".") + step;
  return text;
}

void check_pool(const Node& root, const Network& network, size_t index) {
  const IpamPool& pool = network.ipam_config[index];
  Family family = pool.is_ipv6() ? Family::ipv6 : Family::ipv4;
  std::vector<std::string> base{"networks", network.key, "ipam", "config", std::to_string(index)};
  auto check = [&](const char* key, const std::string& value, bool prefix) {
    if (value.empty()) return;
    if (prefix ? is_prefix(value, family) : is_address(value, family)) return;
    auto path = base;
    path.push_back(key);
    fail_at(deepest(root, path).mark, dotted(path),
            "\"" + value + "\" is not an " + name_of(family) + (prefix ? " subnet" : " address") +
                " (the pool's subnet makes it " + name_of(family) + ")");
  };
  check("subnet", pool.subnet, true);
  check("ip_range", pool.ip_range, true);
  check("gateway", pool.gateway, false);
  if (family == Family::ipv6 && !network.enable_ipv6.value_or(false))
    fail_at(deepest(root, base).mark, dotted(base),
            "an IPv6 pool needs enable_ipv6: true on the network");
  for (size_t earlier = 0; earlier < index; ++earlier)
    if (network.ipam_config[earlier].is_ipv6() == pool.is_ipv6())
      fail_at(deepest(root, base).mark, dotted(base),
              std::string("a second ") + name_of(family) +
                  " pool: berth gives a network one subnet per family");
}

// The declared subnet of the network's pool of that family, if any.
const IpamPool* pool_of(const Network& network, Family family) {
  for (const auto& pool : network.ipam_config)
    if (pool.is_ipv6() == (family == Family::ipv6) && !pool.subnet.empty()) return &pool;
  return nullptr;
}

void check_service_addresses(const Project& project, const Node& root, const Service& service) {
  for (const auto& entry : service.networks) {
    // Named, not bound: the lambdas below capture them.
    const std::string& key = entry.first;
    const auto& settings = entry.second;
    std::vector<std::string> base{"services", service.name, "networks", key};
    auto fail = [&](const char* field, const std::string& why) {
      auto path = base;
      path.push_back(field);
      fail_at(deepest(root, path).mark, dotted(path), why);
    };
    auto network = project.networks.find(key);
    bool declared_here = network != project.networks.end() && !network->second.external;
    auto check = [&](const char* field, const std::string& address, Family family) {
      if (address.empty()) return;
      if (!is_address(address, family))
        fail(field, "\"" + address + "\" is not an " + name_of(family) + " address");
      if (!declared_here) return;
      if (family == Family::ipv6 && !network->second.enable_ipv6.value_or(false))
        fail(field, "network \"" + key + "\" has no IPv6: set enable_ipv6: true on it");
      const IpamPool* pool = pool_of(network->second, family);
      if (pool && !prefix_contains(pool->subnet, address, family))
        fail(field,
             "\"" + address + "\" lies outside network \"" + key + "\"'s subnet " + pool->subnet);
    };
    check("ipv4_address", settings.ipv4_address, Family::ipv4);
    check("ipv6_address", settings.ipv6_address, Family::ipv6);
  }
}
}  // namespace

void check_network_addressing(const Project& project, const Node& root) {
  for (const auto& [key, network] : project.networks)
    for (size_t i = 0; i < network.ipam_config.size(); ++i) check_pool(root, network, i);
  for (const auto& [name, service] : project.services)
    check_service_addresses(project, root, service);
}

}  // namespace berth::spec
