#include "engine/container_stats.h"

#include <fstream>
#include <sstream>

#include "engine/container_lifecycle.h"
#include "runtime/cgroup_driver.h"

namespace berth::engine {

namespace {
std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::uint64_t host_memory_bytes() {
  std::istringstream meminfo(read_text("/proc/meminfo"));
  for (std::string key; meminfo >> key;) {
    std::uint64_t kib = 0;
    meminfo >> kib;
    if (key == "MemTotal:") return kib * 1024;
    meminfo.ignore(64, '\n');
  }
  return 0;
}
}  // namespace

NetworkBytes parse_net_dev(const std::string& text) {
  NetworkBytes total;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;  // the two header lines
    std::istringstream name_field(line.substr(0, colon));
    std::string name;
    name_field >> name;
    if (name == "lo") continue;
    // Receive: bytes packets errs drop fifo frame compressed multicast; then transmit.
    std::istringstream counters(line.substr(colon + 1));
    std::uint64_t values[9] = {};
    for (auto& value : values) counters >> value;
    total.received += values[0];
    total.sent += values[8];
  }
  return total;
}

ContainerSample sample_container(EngineContext& context, const ContainerRecord& record) {
  ContainerSample sample;
  sample.id = record.id;
  sample.name = record.name;
  sample.taken = std::chrono::steady_clock::now();
  auto state = container_status(context, record.name);
  sample.running = is_running(state) && state.pid > 0;
  if (!sample.running) return sample;
  auto usage = runtime::open_container_cgroup(runtime::probe_cgroups(), record.project, record.name)
                   ->usage();
  sample.cpu_ns = usage.cpu_ns;
  sample.memory_used = usage.memory_bytes > usage.memory_inactive_file
                           ? usage.memory_bytes - usage.memory_inactive_file
                           : usage.memory_bytes;
  sample.memory_limit = usage.memory_limit ? usage.memory_limit : host_memory_bytes();
  sample.pids = usage.pids;
  sample.block_read = usage.block_read_bytes;
  sample.block_written = usage.block_write_bytes;
  auto network = parse_net_dev(read_text("/proc/" + std::to_string(state.pid) + "/net/dev"));
  sample.net_received = network.received;
  sample.net_sent = network.sent;
  return sample;
}

double cpu_percent(const ContainerSample& before, const ContainerSample& after) {
  auto elapsed =
      std::chrono::duration_cast<std::chrono::nanoseconds>(after.taken - before.taken).count();
  if (elapsed <= 0 || after.cpu_ns < before.cpu_ns) return 0;
  return 100.0 * static_cast<double>(after.cpu_ns - before.cpu_ns) / static_cast<double>(elapsed);
}

}  // namespace berth::engine
