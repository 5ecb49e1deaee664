#pragma once

#include <string>

#include "spec/node.h"

namespace berth::spec {

// Rewrites the relative paths of a stack tree (build contexts, env_file,
// bind-mount sources, extends.file, config/secret files) against `base_dir`,
// for trees that come from another directory (include, extends file:) and
// must keep their meaning once merged into the project.
void absolutize_paths(Node& root, const std::string& base_dir);

// The directory holding a file, absolute.
std::string directory_of(const std::string& file);

}  // namespace berth::spec
