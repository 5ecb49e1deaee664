#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>

namespace berth::engine {

// The live berth-supervisor of a container's run dir, found through its pid file
// and checked against the process's command line: a pid file can outlive its
// supervisor (one that was killed) and the kernel reuses pids, so a pid read
// from a file is never signalled unless it is that very supervisor.
std::optional<pid_t> verified_supervisor(const std::filesystem::path& container_dir);

}  // namespace berth::engine
