#include "engine/graph_executor.h"

#include <exception>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <thread>

namespace berth::engine {

namespace {

// Shared progress: one promise per (task, gate) that some task waits on, made
// before any worker starts, so each waiter wakes only for its own gate. A value
// of nullopt means the gate passed, else it holds the failure reason.
class Progress {
 public:
  void expect(const std::string& task, Gate gate) {
    auto& slot = slots_[{task, gate}];
    slot.outcome = slot.promise.get_future().share();
  }

  void record(const std::string& task, Gate gate, bool passed, const std::string& reason = {}) {
    slots_.at({task, gate})
        .promise.set_value(passed ? std::nullopt : std::optional<std::string>(reason));
  }

  std::optional<std::string> await(const std::string& task, Gate gate) const {
    return slots_.at({task, gate}).outcome.get();
  }

 private:
  struct Slot {
    std::promise<std::optional<std::string>> promise;
    std::shared_future<std::optional<std::string>> outcome;
  };
  std::map<std::pair<std::string, Gate>, Slot> slots_;
};

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

// The gates of each task that some dependent waits on, besides "started".
std::map<std::string, std::set<Gate>> awaited_gates(const std::vector<Task>& tasks) {
  std::map<std::string, std::set<Gate>> awaited;
  for (const auto& task : tasks)
    for (const auto& dependency : task.after)
      if (dependency.gate != Gate::started) awaited[dependency.task].insert(dependency.gate);
  return awaited;
}

class Run {
 public:
  Run(const std::vector<Task>& tasks, const TaskCallbacks& callbacks)
      : tasks_(tasks), callbacks_(callbacks), awaited_(awaited_gates(tasks)) {
    for (const auto& task : tasks) {
      known_.insert(task.name);
      progress_.expect(task.name, Gate::started);
      for (Gate gate : gates_awaited_of(task.name)) progress_.expect(task.name, gate);
    }
  }

  std::vector<TaskOutcome> execute() {
    std::vector<TaskOutcome> outcomes(tasks_.size());
    std::vector<std::thread> workers;
    workers.reserve(tasks_.size());
    for (size_t i = 0; i < tasks_.size(); ++i)
      workers.emplace_back([this, i, &outcomes] { outcomes[i] = run_task(tasks_[i]); });
    for (auto& worker : workers) worker.join();
    return outcomes;
  }

 private:
  // Waits for every dependency; the reason to skip when a required one fails.
  std::optional<std::string> wait_for_dependencies(const Task& task) {
    for (const auto& dependency : task.after) {
      std::optional<std::string> failure;
      if (!known_.count(dependency.task))
        failure = "is not part of this run";
      else
        failure = progress_.await(dependency.task, dependency.gate);
      if (!failure) continue;
      std::string message =
          "dependency " + dependency.task + " " +
          (dependency.gate == Gate::started ? "" : "(" + to_string(dependency.gate) + ") ") +
          "failed: " + *failure;
      if (dependency.required) return message;
      if (callbacks_.warn)
        callbacks_.warn(task.name, message + "; starting anyway (required: false)");
    }
    return std::nullopt;
  }

  // Read-only after construction: worker threads only look up.
  const std::set<Gate>& gates_awaited_of(const std::string& task) const {
    static const std::set<Gate> none;
    auto it = awaited_.find(task);
    return it == awaited_.end() ? none : it->second;
  }

  void fail_gates_from(const std::string& task, Gate first, const std::string& reason) {
    if (first == Gate::started) progress_.record(task, Gate::started, false, reason);
    for (Gate gate : gates_awaited_of(task))
      if (gate >= first) progress_.record(task, gate, false, reason);
  }

  TaskOutcome run_task(const Task& task) {
    if (auto skip = wait_for_dependencies(task)) {
      fail_gates_from(task.name, Gate::started, "not started");
      return {task.name, TaskResult::skipped, *skip};
    }
    try {
      callbacks_.start(task.name);
    } catch (...) {
      std::string reason = describe(std::current_exception());
      fail_gates_from(task.name, Gate::started, reason);
      return {task.name, TaskResult::failed, reason};
    }
    progress_.record(task.name, Gate::started, true);
    for (Gate gate : gates_awaited_of(task.name)) {
      try {
        callbacks_.wait_for(task.name, gate);
        progress_.record(task.name, gate, true);
      } catch (...) {
        std::string reason = describe(std::current_exception());
        fail_gates_from(task.name, gate, reason);
        return {task.name, TaskResult::failed, reason};
      }
    }
    return {task.name, TaskResult::done, {}};
  }

  const std::vector<Task>& tasks_;
  const TaskCallbacks& callbacks_;
  std::map<std::string, std::set<Gate>> awaited_;
  std::set<std::string> known_;
  Progress progress_;
};

}  // namespace

std::string to_string(Gate gate) {
  switch (gate) {
    case Gate::started:
      return "service_started";
    case Gate::healthy:
      return "service_healthy";
    case Gate::completed_successfully:
      return "service_completed_successfully";
  }
  return "unknown";
}

std::vector<TaskOutcome> execute_graph(const std::vector<Task>& tasks,
                                       const TaskCallbacks& callbacks) {
  return Run(tasks, callbacks).execute();
}

}  // namespace berth::engine
