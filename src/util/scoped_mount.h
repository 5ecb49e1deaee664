#pragma once

#include <string>

namespace berth {

// A mount that must be undone: unmounted (detached) when the object dies unless
// release() hands the responsibility to someone else.
class ScopedMount {
 public:
  ScopedMount(const std::string& source, const std::string& target, const std::string& fstype,
              unsigned long flags, const std::string& data = {});
  ScopedMount(const ScopedMount&) = delete;
  ScopedMount& operator=(const ScopedMount&) = delete;
  ScopedMount(ScopedMount&& other) noexcept;
  ScopedMount& operator=(ScopedMount&&) = delete;
  ~ScopedMount();

  const std::string& target() const { return target_; }
  void release() { target_.clear(); }

 private:
  std::string target_;
};

}  // namespace berth
