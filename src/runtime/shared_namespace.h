#pragma once

#include <string>

#include "runtime/container_spec.h"

namespace berth::runtime {

// "/proc/<pid>/ns/<type>" of the container a share names, as its process runs
// now (a restarted container has new namespaces). Fails, naming the container,
// when it does not run.
std::string shared_namespace_path(const NamespaceShare& share, const std::string& type);

}  // namespace berth::runtime
