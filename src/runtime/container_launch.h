#pragma once

#include <sys/types.h>

#include <functional>

#include "runtime/container_spec.h"

namespace berth::runtime {

// The container process's standard streams in the caller; -1 means /dev/null.
struct StdioFds {
  int in = -1;
  int out = -1;
  int err = -1;
  bool controlling_tty = false;  // `in` is a terminal to become the controlling one
  // A console socket (runtime/container_console): the process makes its terminal
  // in the container and sends it there; the three streams above are unused.
  int console = -1;
};

// Starts the container's process in new pid, mount, uts, ipc and cgroup namespaces
// (joining spec.netns_path, else a new network namespace), built as Docker would.
// `place` runs in the caller with the child's pid while the child builds the
// container, so it can join its cgroup before anything of the user runs. `await_start` (when set)
// runs in the caller while the child builds the container, and the user's program
// is executed only once it returns; when it throws, the child is killed and the
// exception goes on. Returns once the user's program has been executed; a failure
// of any step is thrown here with its reason.
pid_t launch_container(const ContainerSpec& spec, const StdioFds& stdio,
                       const std::function<void(pid_t)>& place,
                       const std::function<void()>& await_start = {});

}  // namespace berth::runtime
