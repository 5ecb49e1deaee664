// The runtime's share of a container start: launch_container (namespaces,
// mounts, pivot_root, the default seccomp filter, exec) of busybox `true` until
// it has exited, with and without the seccomp filter. Baseline in the same run:
// posix_spawn of the same binary with no isolation at all.
// Run inside the sandbox (scripts/bench).
#include <benchmark/benchmark.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

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

void ContainerLaunchWithoutSeccomp(benchmark::State& state) {
  auto spec = true_container("unconfined");
  for (auto _ : state) launch_and_wait(spec);
}
BENCHMARK(ContainerLaunchWithoutSeccomp)->Unit(benchmark::kMillisecond)->UseRealTime();

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
