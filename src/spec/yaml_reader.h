#pragma once

#include <string>

#include "spec/node.h"

namespace berth::spec {

// Parses one YAML document into a Node tree: aliases expanded, `<<` merge keys
// resolved (explicit keys win, earlier merge sources win over later ones),
// duplicate keys rejected, marks kept. An empty document gives a Null node.
Node parse_yaml(const std::string& text, const std::string& file_name);

}  // namespace berth::spec
