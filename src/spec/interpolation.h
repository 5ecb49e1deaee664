#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "spec/node.h"

namespace berth::spec {

using VariableLookup = std::function<std::optional<std::string>(const std::string&)>;

// Expands $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:+r}, ${VAR+r}, ${VAR:?msg},
// ${VAR?msg} (nested in defaults) and $$. Unset variables without a default
// become empty and are added to `unset` so the caller can warn once. Throws a
// plain message (no location) on a required variable or a malformed template.
std::string interpolate(std::string_view text, const VariableLookup& lookup,
                        std::set<std::string>& unset);

// A variable a template uses, as `berth config --variables` lists it.
struct VariableUse {
  bool required = false;        // ${VAR?msg} or ${VAR:?msg}
  std::string default_value;    // ${VAR-d} or ${VAR:-d}, as written
  std::string alternate_value;  // ${VAR+r} or ${VAR:+r}, as written
};

// The variables of every scalar value of the tree, those nested in defaults
// included; throws like interpolate_tree() on a malformed template.
std::map<std::string, VariableUse> find_variables(const Node& root);

// Applies interpolate() to every scalar value (never to keys) of the tree;
// errors carry the node's mark and key path.
void interpolate_tree(Node& root, const VariableLookup& lookup, std::set<std::string>& unset);

}  // namespace berth::spec
