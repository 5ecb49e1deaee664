#pragma once

#include <sys/types.h>

#include "runtime/container_launch.h"
#include "runtime/container_spec.h"

namespace berth::runtime {

// Starts `process` inside the running container whose first process is `container_pid`:
// its cgroup, namespaces and root, with the user, privileges and seccomp policy `spec`
// describes (process.user/cwd/env taken from `process`). Returns the pid of a host-side
// helper whose exit status is the process's own (128+N when killed by signal N).
pid_t spawn_in_container(pid_t container_pid, const ContainerSpec& spec, const ProcessSpec& process,
                         const StdioFds& stdio);

// Exit status of a child as a shell reports it.
int exit_code_of(int wait_status);

}  // namespace berth::runtime
