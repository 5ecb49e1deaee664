#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "runtime/container_launch.h"
#include "runtime/container_spec.h"
#include "runtime/container_state.h"
#include "util/unique_fd.h"

namespace berth::runtime {

struct StartedContainer {
  pid_t supervisor_pid;
  pid_t pid;  // the container's first process
};

// The berth-supervisor executable: $BERTH_SUPERVISOR, else beside the running program.
std::string supervisor_executable();

// A container being built by its supervisor while its program waits for start():
// so a container is made while what it depends on starts. Writes the spec into
// `container_dir` (created if missing) and spawns a detached supervisor for it; one
// dropped unstarted tears the container down again (it stays created). With
// `attach`, the process's first run uses the caller's streams (or, with its
// `console`, a terminal of the container's own sent there) instead of the log.
class PendingStart {
 public:
  PendingStart(const ContainerSpec& spec, const std::string& container_dir,
               const std::optional<StdioFds>& attach = std::nullopt);
  // Returns once the container's process runs; a failed start is thrown with the
  // supervisor's reason. Once only.
  StartedContainer start();

 private:
  std::string name_, dir_;
  UniqueFd channel_;  // the supervisor's report channel
};

// Writes the spec into `container_dir` (created if missing), starts a detached supervisor
// for it and returns once the container's process runs; a failed start is thrown with
// the supervisor's reason. With `attach`, the process's first run uses the caller's
// streams (or, with its `console`, a terminal of the container's own sent there)
// instead of the log.
StartedContainer start_container(const ContainerSpec& spec, const std::string& container_dir,
                                 const std::optional<StdioFds>& attach = std::nullopt);

// The supervisor's pid from its pid file, when that process is still alive.
std::optional<pid_t> find_supervisor(const std::string& container_dir);

ContainerState read_container_state(const std::string& container_dir);

// stop_signal, then SIGKILL after `grace_ms` (the spec's stop_grace when not given);
// returns when the supervisor has recorded the exit and gone.
void stop_container(const std::string& container_dir, std::optional<int> grace_ms = {});

void kill_container(const std::string& container_dir, int signal);

// Freezes or thaws every process of the container through the freezer.
void pause_container(const std::string& container_dir, bool paused);

// Runs a process inside the running container and returns its exit code.
int exec_in_container(const std::string& container_dir, const ProcessSpec& process,
                      const StdioFds& stdio, bool privileged = false);

}  // namespace berth::runtime
