#pragma once

#include <string>

namespace berth::runtime {

// Files of one container's run directory, shared by the supervisor and its callers.
struct ContainerFiles {
  std::string dir;
  std::string spec() const { return dir + "/spec.json"; }
  std::string state() const { return dir + "/state.json"; }
  std::string supervisor_pid() const { return dir + "/supervisor.pid"; }
  // stdin_open: the named pipe that `attach` writes the container's input into.
  std::string stdin_fifo() const { return dir + "/stdin"; }
  // tty: the path of the current run's terminal, where `attach` sets its size.
  std::string terminal() const { return dir + "/tty"; }
};

// Signals a caller sends to the supervisor (by the pid in its pid file).
inline constexpr int kStopSignal = 15;    // SIGTERM; sigqueue value = grace ms, or -1
inline constexpr int kPauseSignal = 10;   // SIGUSR1
inline constexpr int kResumeSignal = 12;  // SIGUSR2

// How the container's first run gets its streams, as the supervisor's last argument:
// the supervisor's own standard streams (handed over by an attached caller), or a
// terminal of the container's own sent to the caller's console socket, handed over
// as the supervisor's stdin (runtime/container_console). Without it, output goes
// to the log.
inline constexpr const char* kAttachedTerminal = "attached-terminal";
inline constexpr const char* kAttachedStreams = "attached-streams";
enum class FirstRunStreams { log, attached_streams, attached_terminal };

// The supervisor's life: builds the container from the spec in `files`, starts its
// program once the caller writes a byte on `report_fd` (a socket), reports "ok <pid>"
// or "error <reason>" once there, then keeps its logs, exit code, health and restarts
// until the container stops for good. When the caller closes `report_fd` instead,
// the container is torn down unstarted (it stays created). Returns the exit status.
int run_supervisor(const ContainerFiles& files, int report_fd,
                   FirstRunStreams streams = FirstRunStreams::log);

}  // namespace berth::runtime
