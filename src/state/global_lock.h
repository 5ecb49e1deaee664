#pragma once

#include <string>

#include "util/file_lock.h"
#include "util/locations.h"

namespace berth::state {

// Guards what every project of a state root shares: the subnet pool, host ports,
// the firewall table. Hold it only around the allocation, never around slow work.
class GlobalLock {
 public:
  explicit GlobalLock(const Locations& locations);

 private:
  FileLock lock_;
};

// One writer per project: concurrent up/down of the same project serialize.
class ProjectLock {
 public:
  ProjectLock(const Locations& locations, const std::string& project);

 private:
  FileLock lock_;
};

}  // namespace berth::state
