#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "network/ipam.h"
#include "network/network_manager.h"
#include "storage/registry_client.h"

namespace berth::engine {

// The machine's settings for berth, in the spirit of docker's daemon.json and
// with its key names where docker has one:
//   insecure-registries: ["registry.lan:5000"]   plain HTTP allowed
//   default-address-pools: [{base: 10.89.0.0/16, size: 24}, {base: "fd00:1::/48", size: 64}]
//   dns: ["192.168.1.1"]                          upstreams of the DNS responder
//   firewall-coexistence: true                    accept rules in a dropping FORWARD chain
//   auto-userns-user: berth                       whose subordinate ids userns_mode: auto uses
//   subuid-file: /etc/subuid, subgid-file: /etc/subgid
// A missing file means the defaults.
struct BerthConfig {
  std::vector<std::string> insecure_registries;
  std::optional<network::AddressPool> address_pool;
  std::optional<network::AddressPool6> address_pool6;
  std::vector<std::string> dns;
  bool firewall_coexistence = true;
  std::string auto_userns_user = "berth";
  std::filesystem::path subuid_file = "/etc/subuid";
  std::filesystem::path subgid_file = "/etc/subgid";

  // Throws an Error naming the file, line, column and key of a bad value.
  static BerthConfig load(const std::filesystem::path& file);

  network::NetworkOptions network_options() const;
  storage::RegistryOptions registry_options() const;
};

// $BERTH_CONFIG, else /etc/berth/config.json.
std::filesystem::path berth_config_path();

}  // namespace berth::engine
