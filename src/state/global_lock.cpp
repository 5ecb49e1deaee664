#include "state/global_lock.h"

namespace berth::state {

GlobalLock::GlobalLock(const Locations& locations) : lock_(locations.locks_dir() / "global.lock") {}

ProjectLock::ProjectLock(const Locations& locations, const std::string& project)
    : lock_(locations.locks_dir() / ("project-" + project + ".lock")) {}

}  // namespace berth::state
