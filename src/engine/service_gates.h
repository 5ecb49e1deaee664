#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "engine/engine_context.h"
#include "engine/graph_executor.h"
#include "engine/progress.h"
#include "spec/model.h"

namespace berth::engine {

// The gate of a depends_on condition (service_started when unknown).
Gate gate_of_condition(const std::string& condition);

// Watches a service's containers through their supervisors' state until they
// pass a depends_on gate or `--wait`; fails with the reason when they cannot.
class ServiceGates {
 public:
  ServiceGates(EngineContext& context, const spec::Project& project,
               std::optional<std::chrono::milliseconds> timeout, const ProgressSink& progress);

  void wait(const std::string& service, Gate gate);
  // --wait: running (and healthy when it has a healthcheck), or exited 0.
  void wait_until_settled(const std::string& service);

 private:
  // Polls until `check` says passed (true) or throws; nullopt means keep waiting.
  template <typename Check>
  void poll(const std::string& service, const std::string& what, Check check);

  EngineContext& context_;
  const spec::Project& project_;
  std::optional<std::chrono::milliseconds> timeout_;
  const ProgressSink& progress_;
};

}  // namespace berth::engine
