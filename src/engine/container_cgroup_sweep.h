#pragma once

#include <string>

namespace berth::engine {

// Removes a container's cgroups (<parent>/<project>/<container> in every
// hierarchy) after killing whatever still runs in them: a supervisor that died
// leaves its container's processes there. The project's group goes too when it
// was the last. Missing groups are fine; returns whether there were any.
bool sweep_container_cgroup(const std::string& project, const std::string& container,
                            bool dry_run = false);

}  // namespace berth::engine
