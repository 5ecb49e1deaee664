#pragma once

#include <functional>
#include <string>

#include "spec/node.h"

namespace berth::spec {

// Returns the parsed, interpolated (not yet extends-resolved) tree of a stack
// file, paths already absolute when it is not the file being resolved.
using RawFileLoader = std::function<const Node&(const std::string& path)>;

// Resolves `extends` (same file, or `file:` relative to `file`'s directory,
// recursively) for every service of `root`, which was read from `file`.
// The base is merged under the extending service by the override rules.
// A cycle fails with the chain `a -> b -> a`.
void resolve_extends(Node& root, const std::string& file, const RawFileLoader& load_raw);

}  // namespace berth::spec
