#pragma once

#include <string>

namespace berth::runtime {

// Files of one container's run directory, shared by the supervisor and its callers.
struct ContainerFiles {
  std::string dir;
  std::string spec() const { return dir + "/spec.json"; }
  std::string state() const { return dir + "/state.json"; }
  std::string supervisor_pid() const { return dir + "/supervisor.pid"; }
};

// Signals a caller sends to the supervisor (by the pid in its pid file).
inline constexpr int kStopSignal = 15;    // SIGTERM; sigqueue value = grace ms, or -1
inline constexpr int kPauseSignal = 10;   // SIGUSR1
inline constexpr int kResumeSignal = 12;  // SIGUSR2

// The supervisor's life: starts the container from the spec in `files`, reports
// "ok <pid>" or "error <reason>" once on `report_fd`, then keeps its logs, exit code,
// health and restarts until the container stops for good. Returns the exit status.
int run_supervisor(const ContainerFiles& files, int report_fd);

}  // namespace berth::runtime
