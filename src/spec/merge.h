#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spec/node.h"

namespace berth::spec {

// Merges `overlay` into `base` by the Compose Specification's rules: mappings
// recursively, scalars replaced, sequences appended except command, entrypoint
// and healthcheck.test (replaced); ports unique by (host_ip, target, published,
// protocol); volumes, configs and secrets unique by target; environment, labels,
// extra_hosts, sysctls, networks and depends_on merged by key. `!reset` removes
// a key, `!override` replaces it whole. `path` names base's position
// ({"services", "web"} for a service).
void merge_nodes(Node& base, const Node& overlay, const std::vector<std::string>& path = {});

// Drops `!reset` entries and clears `!override` left in a tree after merging.
void strip_merge_tags(Node& node);

// A list of KEY=VALUE (or KEY:VALUE for extra_hosts) turned into a mapping;
// each item splits at the first of `separators`.
Node list_to_mapping(const Node& list, std::string_view separators = "=");

}  // namespace berth::spec
