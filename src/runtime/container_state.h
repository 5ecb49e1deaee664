#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace berth::runtime {

struct HealthResult {
  int exit_code = 0;
  std::string output;
  std::string start, end;
};

// What the supervisor records for the engine, in <container dir>/state.json.
struct ContainerState {
  std::string status = "created";  // created, running, restarting, paused, exited
  pid_t pid = 0;                   // the container's process, in the host's pid namespace
  pid_t supervisor_pid = 0;
  int exit_code = 0;
  bool oom_killed = false;
  int restart_count = 0;
  std::string started_at, finished_at;
  std::string error;        // why the last start failed
  std::string health = "";  // "", starting, healthy, unhealthy
  int failing_streak = 0;
  std::vector<HealthResult> health_log;  // the last five checks
};

void write_state(const std::string& path, const ContainerState& state);
ContainerState read_state(const std::string& path);

}  // namespace berth::runtime
