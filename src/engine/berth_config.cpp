#include "engine/berth_config.h"

#include <fstream>
#include <sstream>

#include "spec/errors.h"
#include "spec/reader.h"
#include "spec/yaml_reader.h"
#include "util/error.h"

namespace berth::engine {

namespace {
// A pool of the family `Subnet` from one default-address-pools item.
template <typename Subnet>
network::BasicAddressPool<Subnet> read_pool(const spec::Node& item, const std::string& path) {
  const spec::Node* base = item.find("base");
  const spec::Node* size = item.find("size");
  if (!base || !size) spec::fail_at(item.mark, path, "a pool needs base and size");
  std::string base_path = spec::child_path(path, "base");
  std::string size_path = spec::child_path(path, "size");
  std::optional<Subnet> subnet;
  try {
    subnet = Subnet::parse(spec::read_string(*base, base_path));
  } catch (const Error& error) {
    spec::fail_at(base->mark, base_path, error.what());
  }
  auto bits = spec::read_int(*size, size_path);
  int longest = network::longest_usable_prefix(*subnet);
  if (bits < subnet->prefix_length || bits > longest)
    spec::fail_at(size->mark, size_path,
                  "size must lie between the base's prefix length (" +
                      std::to_string(subnet->prefix_length) + ") and " + std::to_string(longest));
  return {Subnet{subnet->network(), subnet->prefix_length}, static_cast<int>(bits)};
}

void read_address_pools(const spec::Node& list, const std::string& path, BerthConfig& config) {
  spec::expect_sequence(list, path);
  spec::ParseContext context;
  for (size_t i = 0; i < list.items.size(); ++i) {
    const spec::Node& item = list.items[i];
    std::string item_path = spec::item_path(path, i);
    spec::check_keys(item, item_path, {"base", "size"}, {}, context);
    const spec::Node* base = item.find("base");
    bool ipv6 = base && base->value.find(':') != std::string::npos;
    if (ipv6 ? config.address_pool6.has_value() : config.address_pool.has_value())
      spec::fail_at(item.mark, item_path,
                    std::string("a second ") + (ipv6 ? "IPv6" : "IPv4") +
                        " pool: berth takes one per family");
    if (ipv6)
      config.address_pool6 = read_pool<network::Ipv6Subnet>(item, item_path);
    else
      config.address_pool = read_pool<network::Ipv4Subnet>(item, item_path);
  }
}
}  // namespace

BerthConfig BerthConfig::load(const std::filesystem::path& file) {
  BerthConfig config;
  std::ifstream in(file);
  if (!in) {
    if (!std::filesystem::exists(file)) return config;
    throw Error("cannot read berth's config file", file.string(), errno);
  }
  std::stringstream text;
  text << in.rdbuf();
  spec::Node root = spec::parse_yaml(text.str(), file.string());
  if (root.is_null()) return config;
  spec::ParseContext context;
  spec::check_keys(root, "",
                   {"insecure-registries", "default-address-pools", "dns", "firewall-coexistence",
                    "auto-userns-user", "subuid-file", "subgid-file"},
                   {}, context);
  if (const auto* node = root.find("insecure-registries"))
    config.insecure_registries = spec::read_string_list(*node, "insecure-registries");
  if (const auto* node = root.find("default-address-pools"))
    read_address_pools(*node, "default-address-pools", config);
  if (const auto* node = root.find("dns")) config.dns = spec::read_string_list(*node, "dns");
  if (const auto* node = root.find("firewall-coexistence"))
    config.firewall_coexistence = spec::read_bool(*node, "firewall-coexistence");
  if (const auto* node = root.find("auto-userns-user"))
    config.auto_userns_user = spec::read_string(*node, "auto-userns-user");
  if (const auto* node = root.find("subuid-file"))
    config.subuid_file = spec::read_string(*node, "subuid-file");
  if (const auto* node = root.find("subgid-file"))
    config.subgid_file = spec::read_string(*node, "subgid-file");
  return config;
}

network::NetworkOptions BerthConfig::network_options() const {
  network::NetworkOptions options;
  if (address_pool) options.pool = *address_pool;
  if (address_pool6) options.pool6 = *address_pool6;
  options.firewall_coexistence = firewall_coexistence;
  options.dns.upstreams = dns;
  return options;
}

storage::RegistryOptions BerthConfig::registry_options() const {
  storage::RegistryOptions options;
  options.insecure_registries = insecure_registries;
  return options;
}

std::filesystem::path berth_config_path() {
  if (const char* path = std::getenv("BERTH_CONFIG"); path && *path) return path;
  return "/etc/berth/config.json";
}

}  // namespace berth::engine
