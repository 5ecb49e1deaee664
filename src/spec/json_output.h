#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "spec/model.h"

namespace berth::spec {

// The normalized project in the shapes `docker compose config --format json`
// uses: long-syntax ports and volumes, depends_on as a map, the default
// network present, networks and volumes with resolved names.
nlohmann::json project_to_json(const Project& project);
nlohmann::json service_to_json(const Service& service);
nlohmann::json network_to_json(const Network& network);

// The same document as block YAML (keys in JSON order).
std::string json_to_yaml(const nlohmann::json& document);

// A stable sha256 of what shapes the container (keys sorted, so independent of
// file order); ignores build, depends_on, profiles, scale, deploy.replicas and
// pull_policy.
std::string config_hash(const Service& service);

// The same for a network, over what shapes it in berth (driver options, ipam,
// internal, enable_ipv6): when it changes, `up` recreates the network.
std::string config_hash(const Network& network);

}  // namespace berth::spec
