#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "engine/container_store.h"
#include "engine/engine_context.h"

namespace berth::engine {

// One reading of a container's usage: its cgroup (CPU time, memory, block I/O, pids)
// and its network namespace (bytes over every interface but lo).
struct ContainerSample {
  std::string id;  // the container's 64-hex id
  std::string name;
  bool running = false;
  std::chrono::steady_clock::time_point taken;
  std::uint64_t cpu_ns = 0;
  std::uint64_t memory_used = 0;   // without the page cache the kernel drops first, as docker
  std::uint64_t memory_limit = 0;  // the host's memory when the container has no limit
  std::uint64_t net_received = 0, net_sent = 0;
  std::uint64_t block_read = 0, block_written = 0;
  std::uint64_t pids = 0;
};

ContainerSample sample_container(EngineContext& context, const ContainerRecord& record);

// CPU use between two samples of one container, in percent of one CPU (200% = two).
double cpu_percent(const ContainerSample& before, const ContainerSample& after);

struct NetworkBytes {
  std::uint64_t received = 0;
  std::uint64_t sent = 0;
};

// /proc/<pid>/net/dev: the byte counters of every interface but the loopback, summed.
NetworkBytes parse_net_dev(const std::string& text);

}  // namespace berth::engine
