#pragma once

#include <functional>
#include <string>
#include <vector>

namespace berth::engine {

// The condition a dependent waits for (compose's depends_on.condition).
enum class Gate { started, healthy, completed_successfully };

std::string to_string(Gate gate);

struct Dependency {
  std::string task;
  Gate gate = Gate::started;
  bool required = true;  // false: a failed or missing dependency only warns
};

struct Task {
  std::string name;
  std::vector<Dependency> after;
};

enum class TaskResult { done, failed, skipped };

struct TaskOutcome {
  std::string name;
  TaskResult result;
  std::string reason;  // the error, or which dependency kept it from running
};

// What the executor calls; both may block, both run on worker threads and must
// be safe to call concurrently for different tasks. They report failure by
// throwing (berth::Error or any std::exception).
struct TaskCallbacks {
  std::function<void(const std::string& task)> start;
  // Returns once the task has passed the gate (healthy, exited 0, ...).
  std::function<void(const std::string& task, Gate gate)> wait_for;
  // Told when a dependency with required: false failed and the task runs anyway.
  std::function<void(const std::string& task, const std::string& warning)> warn;
};

// Runs every task as soon as all of its dependencies have passed their gates:
// independent branches in parallel. A task whose required dependency fails is
// skipped, and so is everything downstream; the rest still runs. Returns one
// outcome per task, in the given order. Dependencies must name tasks in the list
// and form no cycle (the spec layer's graph guarantees both).
std::vector<TaskOutcome> execute_graph(const std::vector<Task>& tasks,
                                       const TaskCallbacks& callbacks);

}  // namespace berth::engine
