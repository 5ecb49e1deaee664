#include "runtime/container_state.h"

#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/error.h"

namespace berth::runtime {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HealthResult, exit_code, output, start, end)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ContainerState, status, pid, supervisor_pid,
                                                exit_code, oom_killed, restart_count, started_at,
                                                finished_at, error, health, failing_streak,
                                                health_log)

void write_state(const std::string& path, const ContainerState& state) {
  write_file_atomically(path, nlohmann::json(state).dump(2));
}

ContainerState read_state(const std::string& path) {
  try {
    return nlohmann::json::parse(read_file(path)).get<ContainerState>();
  } catch (const nlohmann::json::exception& error) {
    throw Error("invalid container state '" + path + "': " + error.what());
  }
}

}  // namespace berth::runtime
