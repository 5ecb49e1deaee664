// Query latency through berth-dns from inside a container's network namespace:
// a name berth answers itself, a name it forwards to an upstream (dnsmasq on
// loopback in the sandbox), and, as the baseline, that upstream asked
// directly. Run inside the sandbox (scripts/bench).
#include <benchmark/benchmark.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>

#include "netns_holder.h"
#include "network/dns_client.h"
#include "network/dns_message.h"
#include "network/network_manager.h"
#include "state/state_store.h"
#include "util/namespace_fd.h"
#include "util/scoped_netns_entry.h"

namespace {

using namespace berth;
using namespace berth::network;
using namespace std::chrono_literals;
using bench::spawn_netns_holder;
using bench::stop;

constexpr uint16_t kUpstreamPort = 5301;
const Ipv4Address kLoopback = Ipv4Address::parse("127.0.0.1");

pid_t spawn(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

// One network with a client and a server container, berth-dns forwarding to
// dnsmasq; torn down (every process stopped by pid) at exit.
struct World {
  Locations locations = Locations::resolve(std::nullopt);
  state::StateStore store{locations};
  pid_t upstream = spawn({"dnsmasq", "--no-daemon", "--conf-file=/dev/null",
                          "--port=" + std::to_string(kUpstreamPort), "--listen-address=127.0.0.1",
                          "--bind-interfaces", "--no-resolv", "--no-hosts", "--user=root",
                          "--pid-file=", "--address=/example.test/10.1.2.3"});
  std::unique_ptr<NetworkManager> manager;
  pid_t client = spawn_netns_holder();
  pid_t server = spawn_netns_holder();
  Ipv4Address gateway;

  World() {
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!query_dns(kLoopback, kUpstreamPort, "a.example.test", dns::kA, false, 100ms))
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error("dnsmasq (dnsmasq-base) did not start");
    NetworkOptions options;
    options.dns = {BERTH_DNS_BINARY, {"127.0.0.1:" + std::to_string(kUpstreamPort)}};
    manager = std::make_unique<NetworkManager>(store, options);
    NetworkSpec spec;
    spec.name = "bench_default";
    spec.project = "bench";
    gateway = manager->create_network(spec).gateway;
    attach(client, "bench-client-1", "client");
    attach(server, "bench-api-1", "api");
  }
  ~World() {
    manager->release_container("bench-client-1");
    manager->release_container("bench-api-1");
    manager->remove_network("bench_default");  // stops berth-dns
    stop(client);
    stop(server);
    stop(upstream);
  }

  void attach(pid_t holder, const std::string& container, const std::string& service) {
    EndpointSpec endpoint;
    endpoint.container = container;
    endpoint.service = service;
    manager->attach("/proc/" + std::to_string(holder) + "/ns/net", "bench_default", endpoint);
  }

  static World& get() {
    static World world;
    return world;
  }
};

// From inside `holder`'s network namespace, or from the host side when 0.
void run_queries(benchmark::State& state, pid_t holder, Ipv4Address server, uint16_t port,
                 const char* name) {
  std::optional<NamespaceFd> netns;
  std::optional<ScopedNetnsEntry> inside;
  if (holder) {
    netns.emplace(NamespaceFd::of_process(holder, "net"));
    inside.emplace(*netns);
  }
  for (auto _ : state) {
    auto answer = query_dns(server, port, name, dns::kA, false, 1000ms);
    if (!answer || answer->addresses.empty()) state.SkipWithError("no answer");
  }
}

void DnsLocalName(benchmark::State& state) {
  auto& world = World::get();
  run_queries(state, world.client, world.gateway, 53, "api");
}
BENCHMARK(DnsLocalName)->Unit(benchmark::kMicrosecond);

void DnsForwardedName(benchmark::State& state) {
  auto& world = World::get();
  run_queries(state, world.client, world.gateway, 53, "www.example.test");
}
BENCHMARK(DnsForwardedName)->Unit(benchmark::kMicrosecond);

// Baseline: the upstream asked directly from the host side, no berth-dns.
void UpstreamDirect(benchmark::State& state) {
  World::get();
  run_queries(state, 0, kLoopback, kUpstreamPort, "www.example.test");
}
BENCHMARK(UpstreamDirect)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
