#pragma once

#include "spec/model.h"
#include "spec/node.h"

namespace berth::spec {

// Cross-reference checks once every service is typed: depends_on targets,
// networks, volumes, configs and secrets defined; container_name unique and
// not combined with several replicas; network_mode, pid and ipc known, and
// network_mode not combined with what it overrides (service:X in any of them
// becomes a dependency on X, as in compose); no dependency cycle. `root` (the merged
// tree) supplies file:line:col for the messages. Optional dependencies on
// missing services are dropped with a warning.
void validate_project(Project& project, const Node& root);

}  // namespace berth::spec
