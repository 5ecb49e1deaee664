#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "engine/graph_executor.h"

namespace berth::engine {
namespace {

using namespace std::chrono_literals;

// Records the order of events and lets a test hold a task "running" until
// another task has started, which proves two tasks were in flight at once.
class Journal {
 public:
  void log(const std::string& event) {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
    changed_.notify_all();
  }
  bool wait_for_event(const std::string& event, std::chrono::milliseconds limit = 5s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return seen(event); });
  }
  size_t position(const std::string& event) {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < events_.size(); ++i)
      if (events_[i] == event) return i;
    return events_.size();
  }
  bool contains(const std::string& event) { return position(event) < size(); }
  size_t size() {
    std::lock_guard lock(mutex_);
    return events_.size();
  }

 private:
  bool seen(const std::string& event) const {
    for (const auto& e : events_)
      if (e == event) return true;
    return false;
  }
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> events_;
};

TaskCallbacks recording(Journal& journal) {
  return {[&](const std::string& task) { journal.log("start " + task); },
          [&](const std::string& task, Gate gate) { journal.log(to_string(gate) + " " + task); },
          [&](const std::string& task, const std::string&) { journal.log("warn " + task); }};
}

std::map<std::string, TaskOutcome> by_name(const std::vector<TaskOutcome>& outcomes) {
  std::map<std::string, TaskOutcome> result;
  for (const auto& outcome : outcomes) result.emplace(outcome.name, outcome);
  return result;
}

TEST(GraphExecutor, DependentsStartAfterTheirGate) {
  Journal journal;
  std::vector<Task> tasks = {
      {"app", {{"db", Gate::healthy, true}, {"migrate", Gate::completed_successfully, true}}},
      {"migrate", {{"db", Gate::healthy, true}}},
      {"db", {}},
  };
  auto outcomes = by_name(execute_graph(tasks, recording(journal)));
  for (const auto& [name, outcome] : outcomes) EXPECT_EQ(outcome.result, TaskResult::done) << name;
  EXPECT_LT(journal.position("service_healthy db"), journal.position("start migrate"));
  EXPECT_LT(journal.position("service_completed_successfully migrate"),
            journal.position("start app"));
  EXPECT_LT(journal.position("service_healthy db"), journal.position("start app"));
}

TEST(GraphExecutor, IndependentTasksRunAtTheSameTime) {
  Journal journal;
  TaskCallbacks callbacks = recording(journal);
  // Each task waits inside start() until the other one has started: this only
  // finishes if both are in flight at once.
  callbacks.start = [&](const std::string& task) {
    journal.log("start " + task);
    std::string other = task == "a" ? "b" : "a";
    if (!journal.wait_for_event("start " + other)) throw std::runtime_error("ran serially");
  };
  auto outcomes = execute_graph({{"a", {}}, {"b", {}}}, callbacks);
  EXPECT_EQ(outcomes[0].result, TaskResult::done) << outcomes[0].reason;
  EXPECT_EQ(outcomes[1].result, TaskResult::done) << outcomes[1].reason;
}

TEST(GraphExecutor, FailureSkipsDownstreamButNotTheRest) {
  Journal journal;
  TaskCallbacks callbacks = recording(journal);
  callbacks.wait_for = [&](const std::string& task, Gate gate) {
    if (task == "db") throw std::runtime_error("db is unhealthy");
    journal.log(to_string(gate) + " " + task);
  };
  std::vector<Task> tasks = {
      {"db", {}},
      {"api", {{"db", Gate::healthy, true}}},
      {"web", {{"api", Gate::started, true}}},
      {"cache", {}},
  };
  auto outcomes = by_name(execute_graph(tasks, callbacks));
  EXPECT_EQ(outcomes.at("db").result, TaskResult::failed);
  EXPECT_EQ(outcomes.at("db").reason, "db is unhealthy");
  EXPECT_EQ(outcomes.at("api").result, TaskResult::skipped);
  EXPECT_EQ(outcomes.at("api").reason, "dependency db (service_healthy) failed: db is unhealthy");
  EXPECT_EQ(outcomes.at("web").result, TaskResult::skipped);
  EXPECT_EQ(outcomes.at("cache").result, TaskResult::done);
  EXPECT_FALSE(journal.contains("start api"));
  EXPECT_FALSE(journal.contains("start web"));
}

TEST(GraphExecutor, StartFailureIsReported) {
  Journal journal;
  TaskCallbacks callbacks = recording(journal);
  callbacks.start = [](const std::string&) { throw std::runtime_error("image missing"); };
  auto outcomes = execute_graph({{"only", {}}}, callbacks);
  EXPECT_EQ(outcomes[0].result, TaskResult::failed);
  EXPECT_EQ(outcomes[0].reason, "image missing");
}

TEST(GraphExecutor, OptionalDependencyFailureOnlyWarns) {
  Journal journal;
  TaskCallbacks callbacks = recording(journal);
  callbacks.start = [&](const std::string& task) {
    if (task == "metrics") throw std::runtime_error("no such image");
    journal.log("start " + task);
  };
  auto outcomes = by_name(
      execute_graph({{"metrics", {}}, {"web", {{"metrics", Gate::started, false}}}}, callbacks));
  EXPECT_EQ(outcomes.at("web").result, TaskResult::done);
  EXPECT_TRUE(journal.contains("warn web"));
  EXPECT_TRUE(journal.contains("start web"));
}

TEST(GraphExecutor, FailedHealthGateAlsoFailsLaterGatesOfTheSameTask) {
  Journal journal;
  TaskCallbacks callbacks = recording(journal);
  callbacks.wait_for = [](const std::string&, Gate gate) {
    if (gate == Gate::healthy) throw std::runtime_error("unhealthy");
  };
  // Would hang forever if the completed gate were never decided.
  auto outcomes = by_name(execute_graph({{"job", {}},
                                         {"a", {{"job", Gate::healthy, true}}},
                                         {"b", {{"job", Gate::completed_successfully, true}}}},
                                        callbacks));
  EXPECT_EQ(outcomes.at("a").result, TaskResult::skipped);
  EXPECT_EQ(outcomes.at("b").result, TaskResult::skipped);
}

TEST(GraphExecutor, DependencyOutsideTheRunSkipsOrWarns) {
  Journal journal;
  auto outcomes = by_name(execute_graph(
      {{"a", {{"ghost", Gate::started, true}}}, {"b", {{"ghost", Gate::started, false}}}},
      recording(journal)));
  EXPECT_EQ(outcomes.at("a").result, TaskResult::skipped);
  EXPECT_EQ(outcomes.at("b").result, TaskResult::done);
}

}  // namespace
}  // namespace berth::engine
