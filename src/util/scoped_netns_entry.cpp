#include "util/scoped_netns_entry.h"

#include <sched.h>

#include <cstdlib>

#include "util/log.h"

namespace berth {

ScopedNetnsEntry::ScopedNetnsEntry(const NamespaceFd& target)
    : origin_(NamespaceFd::of_current("net")) {
  target.enter();
}

ScopedNetnsEntry::~ScopedNetnsEntry() {
  if (::setns(origin_.fd(), CLONE_NEWNET) != 0) {
    // A thread stranded in a container's network would send the next host
    // operation to the wrong place; nothing can safely continue.
    log::critical("cannot return to the original network namespace; aborting");
    std::abort();
  }
}

}  // namespace berth
