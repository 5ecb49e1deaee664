#pragma once

#include <string>

#include "runtime/container_spec.h"

namespace berth::runtime {

// "/proc/<pid>/ns/<type>" of the container a share names, as its process runs
// now (a restarted container has new namespaces). Fails, naming the container,
// when it does not run.
std::string shared_namespace_path(const NamespaceShare& share, const std::string& type);

// Enters the namespace at `path`; for CLONE_NEWPID that is where the caller's
// next children go, the caller itself stays where it is.
void enter_namespace(const std::string& path, int type);

}  // namespace berth::runtime
