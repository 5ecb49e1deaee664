// Costs of the engine's own phases of `up`, independent of the other layers:
// pinning a container's network namespace, running the dependency graph, and
// recording containers in the state db. Run inside the sandbox (scripts/bench).
#include <benchmark/benchmark.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "engine/container_store.h"
#include "engine/graph_executor.h"
#include "engine/pinned_netns.h"
#include "state/state_store.h"
#include "util/locations.h"

namespace {

using namespace berth;

void PinAndUnpinNetns(benchmark::State& state) {
  engine::PinnedNetns pins(Locations::resolve(std::nullopt).run_dir);
  for (auto _ : state) {
    pins.create("bench");
    pins.remove("bench");
  }
}
BENCHMARK(PinAndUnpinNetns)->Unit(benchmark::kMicrosecond);

// Baseline for the above: the bare kernel cost of a network namespace.
void BareUnshareNetns(benchmark::State& state) {
  for (auto _ : state) {
    pid_t child = ::fork();
    if (child == 0) _exit(::unshare(CLONE_NEWNET) == 0 ? 0 : 1);
    int status = 0;
    ::waitpid(child, &status, 0);
  }
}
BENCHMARK(BareUnshareNetns)->Unit(benchmark::kMicrosecond);

// A chain of n services each gated on the previous one: pure executor overhead.
void GraphExecutorChain(benchmark::State& state) {
  std::vector<engine::Task> tasks;
  for (int i = 0; i < state.range(0); ++i) {
    engine::Task task{"s" + std::to_string(i), {}};
    if (i > 0) task.after.push_back({"s" + std::to_string(i - 1), engine::Gate::healthy, true});
    tasks.push_back(task);
  }
  engine::TaskCallbacks callbacks{[](const std::string&) {},
                                  [](const std::string&, engine::Gate) {}, nullptr};
  for (auto _ : state) benchmark::DoNotOptimize(engine::execute_graph(tasks, callbacks));
}
BENCHMARK(GraphExecutorChain)->Arg(5)->Arg(100)->Unit(benchmark::kMicrosecond);

// Durable (WAL, synchronous=FULL) writes of n container records, one per transaction.
void RecordContainers(benchmark::State& state) {
  auto locations = Locations::resolve(std::nullopt);
  state::StateStore store(locations);
  engine::ContainerStore containers(store.db());
  for (auto _ : state) {
    for (int i = 0; i < state.range(0); ++i) {
      engine::ContainerRecord record;
      record.name = "bench-web-" + std::to_string(i);
      record.project = "bench";
      record.service = "web";
      record.number = i;
      containers.save(record);
    }
  }
}
BENCHMARK(RecordContainers)->Arg(5)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
