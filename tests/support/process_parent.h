#pragma once

#include <sys/types.h>

#include <optional>

namespace berth::testing {

// The parent of process `pid` (from /proc/<pid>/stat), unset when it is gone.
std::optional<pid_t> parent_of(pid_t pid);

}  // namespace berth::testing
