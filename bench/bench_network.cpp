// The network layer's costs, run inside the sandbox (scripts/bench):
// - wiring one container into a network (IPv4, and dual stack), against the
//   bare kernel work of making and deleting a veth pair into a bridge;
// - a TCP connection through a published port with 1, 1,000 and 10,000 ports
//   published (the maps keep it flat), against connecting to the container
//   directly;
// - TCP throughput through a published port against the direct path.
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "netns_holder.h"
#include "network/links.h"
#include "network/network_manager.h"
#include "state/state_store.h"
#include "util/namespace_fd.h"

namespace {

using namespace berth;
using namespace berth::network;
using bench::spawn_netns_holder;
using bench::stop;

constexpr uint16_t kAnswerPort = 80;  // writes one byte and closes
constexpr uint16_t kStreamPort = 81;  // writes kStreamBytes and closes
constexpr size_t kStreamBytes = 64 << 20;

// What a serving stand-in container runs: the two ports above.
[[noreturn]] void serve_ports() {
  auto listen_on = [](uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(fd, 512) != 0)
      ::_exit(1);
    return fd;
  };
  int answer = listen_on(kAnswerPort), stream = listen_on(kStreamPort);
  if (::fork() == 0) {
    std::vector<char> chunk(1 << 20, 'x');
    for (;;) {
      int connection = ::accept(stream, nullptr, nullptr);
      for (size_t sent = 0; connection >= 0 && sent < kStreamBytes;) {
        ssize_t n = ::write(connection, chunk.data(), chunk.size());
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      ::close(connection);
    }
  }
  for (;;) {
    int connection = ::accept(answer, nullptr, nullptr);
    (void)!::write(connection, "x", 1);
    ::close(connection);
  }
}

std::string netns_of(pid_t pid) { return "/proc/" + std::to_string(pid) + "/ns/net"; }

int connect_to(Ipv4Address address, uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in target{};
  target.sin_family = AF_INET;
  target.sin_port = htons(port);
  target.sin_addr.s_addr = address.network_order();
  if (::connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

struct World {
  Locations locations = Locations::resolve(std::nullopt);
  state::StateStore store{locations};
  std::unique_ptr<NetworkManager> manager;

  World() {
    NetworkOptions options;
    options.dns = {BERTH_DNS_BINARY, {"127.0.0.1:9"}};
    manager = std::make_unique<NetworkManager>(store, options);
    NetworkSpec v4;
    v4.name = "bench_v4";
    v4.project = "bench";
    manager->create_network(v4);
    NetworkSpec dual = v4;
    dual.name = "bench_dual";
    dual.enable_ipv6 = true;
    manager->create_network(dual);
  }

  static World& get() {
    static World world;
    return world;
  }
};

EndpointSpec endpoint_for(const std::string& container) {
  EndpointSpec endpoint;
  endpoint.container = container;
  endpoint.service = "svc";
  return endpoint;
}

// Argument 0: an IPv4 network; 1: dual stack.
void NetworkAttach(benchmark::State& state) {
  auto& world = World::get();
  const char* network = state.range(0) ? "bench_dual" : "bench_v4";
  for (auto _ : state) {
    state.PauseTiming();
    auto container = std::make_unique<bench::ScratchNetns>();
    state.ResumeTiming();
    world.manager->attach(container->path(), network, endpoint_for("bench-attach-1"));
    state.PauseTiming();
    world.manager->release_container("bench-attach-1");
    container.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(NetworkAttach)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// Baseline: the veth pair alone, made into the namespace.
void BaselineVethPair(benchmark::State& state) {
  auto& world = World::get();
  RtnlSocket host;
  Links links(host);
  int bridge = *links.index_of(world.manager->find_network("bench_v4")->bridge);
  for (auto _ : state) {
    state.PauseTiming();
    auto container = std::make_unique<bench::ScratchNetns>();
    auto netns = NamespaceFd::open_path(container->path());
    state.ResumeTiming();
    links.create_veth({"btbenchveth0", bridge, "eth0", &netns, std::nullopt, std::nullopt});
    state.PauseTiming();
    links.remove("btbenchveth0");  // its RCU wait (tens of ms) is not setup's cost
    container.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BaselineVethPair)->Unit(benchmark::kMillisecond)->UseRealTime();

// One serving container per count of published ports, made on first use:
// its first port answers, the second streams, the rest only fill the maps.
struct Published {
  Ipv4Address address;
  uint16_t answer_port;
  uint16_t stream_port;
};
Published& published_with(int ports) {
  static std::map<int, Published> made;
  if (auto found = made.find(ports); found != made.end()) return found->second;
  auto& world = World::get();
  std::string name = "bench-published" + std::to_string(ports) + "-1";
  pid_t server = spawn_netns_holder(serve_ports);  // lives as long as the benchmark
  auto endpoint = world.manager->attach(netns_of(server), "bench_v4", endpoint_for(name));
  // Disjoint host port ranges: 20000, 21000-21999, 30000-39999.
  auto first = static_cast<uint16_t>(ports == 1 ? 20000 : ports <= 1000 ? 21000 : 30000);
  std::vector<PublishSpec> specs;
  for (int i = 0; i < ports; ++i) {
    PublishSpec spec;
    spec.host_ip = "127.0.0.1";
    spec.host_port = static_cast<uint16_t>(first + i);
    spec.container_port = i == 0 ? kAnswerPort : kStreamPort;
    specs.push_back(spec);
  }
  world.manager->publish(name, specs);
  return made.emplace(ports, Published{endpoint.ip, first, static_cast<uint16_t>(first + 1)})
      .first->second;
}

void connect_and_read(benchmark::State& state, Ipv4Address address, uint16_t port) {
  for (auto _ : state) {
    int fd = connect_to(address, port);
    char byte;
    if (fd < 0 || ::read(fd, &byte, 1) != 1) state.SkipWithError("no answer");
    ::close(fd);
  }
}

// Argument: how many ports are published (all on 127.0.0.1).
void PublishedPortConnect(benchmark::State& state) {
  auto& target = published_with(static_cast<int>(state.range(0)));
  connect_and_read(state, Ipv4Address::parse("127.0.0.1"), target.answer_port);
}
BENCHMARK(PublishedPortConnect)
    ->Arg(1)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// Baseline: the same container's address, no DNAT.
void BaselineDirectConnect(benchmark::State& state) {
  auto& target = published_with(1);
  connect_and_read(state, target.address, kAnswerPort);
}
BENCHMARK(BaselineDirectConnect)->Unit(benchmark::kMicrosecond)->UseRealTime();

void read_stream(benchmark::State& state, Ipv4Address address, uint16_t port) {
  std::vector<char> buffer(1 << 20);
  for (auto _ : state) {
    int fd = connect_to(address, port);
    size_t received = 0;
    for (ssize_t n; fd >= 0 && (n = ::read(fd, buffer.data(), buffer.size())) > 0;)
      received += static_cast<size_t>(n);
    ::close(fd);
    if (received != kStreamBytes) state.SkipWithError("short stream");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kStreamBytes));
}

void PublishedPortThroughput(benchmark::State& state) {
  read_stream(state, Ipv4Address::parse("127.0.0.1"), published_with(1000).stream_port);
}
BENCHMARK(PublishedPortThroughput)->Unit(benchmark::kMillisecond)->UseRealTime();

void BaselineDirectThroughput(benchmark::State& state) {
  read_stream(state, published_with(1000).address, kStreamPort);
}
BENCHMARK(BaselineDirectThroughput)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
