// The runtime's share of a container start: launch_container (namespaces,
// mounts, pivot_root, the default seccomp filter, exec) of busybox `true` until
// it has exited, with the seccomp filter compiled or read from the cache, and
// without one. Baselines in the same
// run: posix_spawn of the same binary with no isolation at all, and `runc run`
// of the same root (runc's default spec: no seccomp filter, so it compares with
// ContainerLaunchWithoutSeccomp). SupervisorMemory reports the resident memory
// of one supervisor next to that of the container's own (static busybox) process.
// Run inside the sandbox (scripts/bench).
#include <benchmark/benchmark.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/container_control.h"
#include "runtime/container_launch.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

std::string busybox_rootfs() {
  const char* sandbox = std::getenv("BERTH_SANDBOX");
  fs::path root = fs::path(sandbox ? sandbox : "/tmp") / "bench-runtime-rootfs";
  if (fs::exists(root / "bin/busybox")) return root.string();
  fs::create_directories(root / "bin");
  fs::create_directories(root / "etc");
  fs::copy_file("/bin/busybox", root / "bin/busybox", fs::copy_options::overwrite_existing);
  fs::create_symlink("busybox", root / "bin/true");
  std::ofstream(root / "etc/passwd") << "root:x:0:0:root:/root:/bin/sh\n";
  return root.string();
}

void launch_and_wait(const berth::runtime::ContainerSpec& spec) {
  pid_t pid = berth::runtime::launch_container(spec, {-1, -1, -1, false}, [](pid_t) {});
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("the container failed");
}

berth::runtime::ContainerSpec true_container(const std::string& seccomp) {
  berth::runtime::ContainerSpec spec;
  spec.name = "bench";
  spec.rootfs = busybox_rootfs();
  spec.process.args = {"/bin/true"};
  spec.seccomp = seccomp;
  return spec;
}

void ContainerLaunch(benchmark::State& state) {
  auto spec = true_container("default");
  for (auto _ : state) launch_and_wait(spec);
}
BENCHMARK(ContainerLaunch)->Unit(benchmark::kMillisecond)->UseRealTime();

// What containers of the engine do: the compiled default policy read back from
// the state root's cache instead of compiled again.
void ContainerLaunchWithCachedSeccomp(benchmark::State& state) {
  auto spec = true_container("default");
  spec.seccomp_cache = (fs::path(busybox_rootfs()).parent_path() / "bench-seccomp").string();
  for (auto _ : state) launch_and_wait(spec);
}
BENCHMARK(ContainerLaunchWithCachedSeccomp)->Unit(benchmark::kMillisecond)->UseRealTime();

void ContainerLaunchWithoutSeccomp(benchmark::State& state) {
  auto spec = true_container("unconfined");
  for (auto _ : state) launch_and_wait(spec);
}
BENCHMARK(ContainerLaunchWithoutSeccomp)->Unit(benchmark::kMillisecond)->UseRealTime();

void spawn_and_wait(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot spawn " + args[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(args[0] + " failed");
}

// A bundle of runc's own default spec over the same root, running `true`.
fs::path runc_bundle() {
  fs::path bundle = fs::path(busybox_rootfs()).parent_path() / "bench-runc-bundle";
  fs::remove_all(bundle);
  fs::create_directories(bundle);
  spawn_and_wait({"runc", "spec", "--bundle", bundle.string()});
  nlohmann::json config;
  std::ifstream(bundle / "config.json") >> config;
  config["process"]["terminal"] = false;
  config["process"]["args"] = {"/bin/true"};
  config["root"] = {{"path", busybox_rootfs()}, {"readonly", false}};
  std::ofstream(bundle / "config.json") << config.dump();
  return bundle;
}

void BaselineRuncRun(benchmark::State& state) {
  if (::access("/usr/sbin/runc", X_OK) != 0) {
    state.SkipWithError("runc is not installed (scripts/install-deps installs it)");
    return;
  }
  auto bundle = runc_bundle();
  auto state_root = bundle / "state";
  for (auto _ : state)
    spawn_and_wait(
        {"runc", "--root", state_root.string(), "run", "--bundle", bundle.string(), "berth-bench"});
}
BENCHMARK(BaselineRuncRun)->Unit(benchmark::kMillisecond)->UseRealTime();

double resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6));
  throw std::runtime_error("no VmRSS for " + std::to_string(pid));
}

void SupervisorMemory(benchmark::State& state) {
  ::setenv("BERTH_SUPERVISOR", BERTH_SUPERVISOR_BINARY, 1);
  auto spec = true_container("default");
  spec.id = spec.name = "bench-supervised";
  spec.project = "bench";
  fs::create_directories(spec.rootfs + "/../bench-supervised");
  fs::create_symlink("busybox", spec.rootfs + "/bin/sleep");
  spec.process.args = {"/bin/sleep", "60"};
  auto dir = fs::path(spec.rootfs).parent_path() / "bench-supervised";
  spec.log_path = (dir / "json.log").string();
  double supervisor = 0, container = 0;
  for (auto _ : state) {
    auto started = berth::runtime::start_container(spec, dir.string());
    supervisor = resident_kib(started.supervisor_pid);
    container = resident_kib(started.pid);
    berth::runtime::stop_container(dir.string(), 0);
  }
  state.counters["supervisor_rss_kib"] = supervisor;
  state.counters["container_rss_kib"] = container;
}
BENCHMARK(SupervisorMemory)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

void BaselineSpawnTrue(benchmark::State& state) {
  std::string program = busybox_rootfs() + "/bin/busybox";
  char* argv[] = {program.data(), const_cast<char*>("true"), nullptr};
  for (auto _ : state) {
    pid_t pid = 0;
    if (::posix_spawn(&pid, argv[0], nullptr, nullptr, argv, environ) != 0)
      throw std::runtime_error("cannot spawn");
    ::waitpid(pid, nullptr, 0);
  }
}
BENCHMARK(BaselineSpawnTrue)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
