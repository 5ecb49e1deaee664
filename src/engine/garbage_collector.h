#pragma once

#include <string>
#include <vector>

#include "engine/engine_context.h"

namespace berth::engine {

struct Garbage {
  std::string kind;  // supervisor, cgroup, run dir, endpoint, netns, rootfs, network
  std::string name;
};

// `berth gc`: the kernel objects and files of this state root that no container
// or network record owns, left by a berth killed at the wrong moment or by a
// record that was lost. Unless `dry_run`, they are removed: supervisors (found
// through pid files and verified) stopped, their cgroups emptied and removed,
// endpoints released (their firewall elements and DNS names go with them),
// netns pins, overlay roots and run dirs deleted, then the unowned links, and
// the firewall table and DNS helper when no network is left. Objects are named
// after this root (links, table) or live under its directories, so another
// state root's are never touched.
std::vector<Garbage> collect_garbage(EngineContext& context, bool dry_run);

}  // namespace berth::engine
