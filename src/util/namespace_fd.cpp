#include "util/namespace_fd.h"

#include <fcntl.h>
#include <sched.h>

#include <cstdlib>

#include "util/error.h"
#include "util/log.h"

namespace berth {

NamespaceFd NamespaceFd::of_process(pid_t pid, const std::string& type) {
  return open_path("/proc/" + std::to_string(pid) + "/ns/" + type);
}

NamespaceFd NamespaceFd::of_current(const std::string& type) {
  return open_path("/proc/thread-self/ns/" + type);
}

NamespaceFd NamespaceFd::open_path(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw_errno("opening namespace", path);
  return NamespaceFd(std::move(fd), path);
}

void NamespaceFd::enter() const {
  if (::setns(fd_.get(), 0) != 0) throw_errno("entering namespace", path_);
}

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
