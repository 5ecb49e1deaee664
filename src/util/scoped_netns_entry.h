#pragma once

#include "util/namespace_fd.h"

namespace berth {

// Enters a network namespace for the lifetime of the object and returns the
// calling thread to the one it came from, even when an exception unwinds.
class ScopedNetnsEntry {
 public:
  explicit ScopedNetnsEntry(const NamespaceFd& target);
  ScopedNetnsEntry(const ScopedNetnsEntry&) = delete;
  ScopedNetnsEntry& operator=(const ScopedNetnsEntry&) = delete;
  ~ScopedNetnsEntry();

 private:
  NamespaceFd origin_;
};

}  // namespace berth
