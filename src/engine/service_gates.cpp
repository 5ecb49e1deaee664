#include "engine/service_gates.h"

#include <thread>

#include "engine/container_lifecycle.h"
#include "engine/service_settings.h"
#include "util/error.h"

namespace berth::engine {

namespace {
constexpr auto kPollInterval = std::chrono::milliseconds(20);

std::string exit_reason(const std::string& container, const runtime::ContainerState& state) {
  std::string reason =
      "container " + container + " exited with code " + std::to_string(state.exit_code);
  if (state.oom_killed) reason += " (killed: out of memory)";
  if (!state.error.empty()) reason += ": " + state.error;
  return reason;
}

// One container's answer for a gate: true passed, false still waiting; throws
// when the gate can no longer pass.
bool container_passes(const std::string& name, const runtime::ContainerState& state, Gate gate,
                      bool has_healthcheck) {
  switch (gate) {
    case Gate::started:
      return true;
    case Gate::healthy:
      if (!has_healthcheck) throw Error("container " + name + " has no healthcheck configured");
      if (state.health == "healthy") return true;
      if (state.health == "unhealthy") throw Error("container " + name + " is unhealthy");
      if (state.status == "exited") throw Error(exit_reason(name, state));
      return false;
    case Gate::completed_successfully:
      if (state.status != "exited") return false;
      if (state.exit_code != 0) throw Error(exit_reason(name, state));
      return true;
  }
  return false;
}
}  // namespace

Gate gate_of_condition(const std::string& condition) {
  if (condition == "service_healthy") return Gate::healthy;
  if (condition == "service_completed_successfully") return Gate::completed_successfully;
  return Gate::started;
}

ServiceGates::ServiceGates(EngineContext& context, const spec::Project& project,
                           std::optional<std::chrono::milliseconds> timeout,
                           const ProgressSink& progress)
    : context_(context), project_(project), timeout_(timeout), progress_(progress) {}

template <typename Check>
void ServiceGates::poll(const std::string& service, const std::string& what, Check check) {
  // Without a timeout the deadline lies beyond any wait.
  auto deadline =
      std::chrono::steady_clock::now() + timeout_.value_or(std::chrono::hours(24 * 365));
  for (;;) {
    std::vector<ContainerRecord> records;
    {
      std::lock_guard lock(context_.state_mutex);
      records = context_.containers.of_project(project_.name);
    }
    bool all_passed = true;
    for (const auto& record : records) {
      if (record.service != service || record.oneoff) continue;
      if (!check(record.name, container_status(context_, record.name))) all_passed = false;
    }
    if (all_passed) return;
    if (std::chrono::steady_clock::now() > deadline)
      throw Error("timed out waiting for service " + service + " to be " + what);
    std::this_thread::sleep_for(kPollInterval);
  }
}

void ServiceGates::wait(const std::string& service, Gate gate) {
  if (gate == Gate::started) return;
  bool has_healthcheck = healthcheck_of(project_.services.at(service)).has_value();
  poll(service, to_string(gate),
       [&](const std::string& name, const runtime::ContainerState& state) {
         bool passed = container_passes(name, state, gate, has_healthcheck);
         if (passed && gate == Gate::healthy)
           progress_({"Container", name, "Healthy", ProgressState::done, {}});
         return passed;
       });
}

void ServiceGates::wait_until_settled(const std::string& service) {
  bool has_healthcheck = healthcheck_of(project_.services.at(service)).has_value();
  poll(service, "running", [&](const std::string& name, const runtime::ContainerState& state) {
    if (state.status == "exited") {
      if (state.exit_code != 0) throw Error(exit_reason(name, state));
      return true;
    }
    if (!has_healthcheck) return state.status == "running";
    return container_passes(name, state, Gate::healthy, true);
  });
}

}  // namespace berth::engine
