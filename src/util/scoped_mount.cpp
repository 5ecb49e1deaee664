#include "util/scoped_mount.h"

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "util/error.h"
#include "util/log.h"

namespace berth {

ScopedMount::ScopedMount(const std::string& source, const std::string& target,
                         const std::string& fstype, unsigned long flags, const std::string& data)
    : target_(target) {
  if (::mount(source.c_str(), target.c_str(), fstype.empty() ? nullptr : fstype.c_str(), flags,
              data.empty() ? nullptr : data.c_str()) != 0) {
    target_.clear();
    throw_errno("mounting " + (fstype.empty() ? source : fstype) + " on", target);
  }
}

ScopedMount::ScopedMount(ScopedMount&& other) noexcept
    : target_(std::exchange(other.target_, {})) {}

ScopedMount::~ScopedMount() {
  if (target_.empty()) return;
  if (::umount2(target_.c_str(), MNT_DETACH) != 0)
    log::warn("cannot unmount {}: {}", target_, std::strerror(errno));
}

}  // namespace berth
