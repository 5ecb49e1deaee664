// `berth up -d` and `berth down -t 0` of whole stacks, timed from outside the
// binary as a user sees them: the reference stack of the engine issue (5
// services, 2 networks, 2 named volumes, a bind mount, 2 published ports, a
// depends_on chain) and flat stacks of 10, 50 and 100 services. Baseline in the
// same run: `berth version`, the cost of starting the binary at all.
// Run inside the sandbox (scripts/bench); BERTH_TIMINGS=1 shows the phases,
// BERTH_BENCH_BINARY=path times another berth (a baseline) with the same code.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;

// The berth under test: this build's, or BERTH_BENCH_BINARY (another build,
// e.g. a baseline revision measured in the same session).
std::string berth_binary() {
  const char* other = std::getenv("BERTH_BENCH_BINARY");
  return other ? other : BERTH_BINARY;
}

// Runs berth with its output discarded; throws when it fails.
void berth(std::vector<std::string> args) {
  args.insert(args.begin(), berth_binary());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (!std::getenv("BERTH_TIMINGS"))
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot run berth");
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("berth " + args[1] + " failed");
}

fs::path scratch() {
  const char* sandbox = std::getenv("BERTH_SANDBOX");
  return fs::path(sandbox ? sandbox : "/tmp") / "bench-stack";
}

// A busybox image, imported once per run.
void ensure_image() {
  static bool imported = false;
  if (imported) return;
  auto root = scratch() / "rootfs";
  fs::create_directories(root / "bin");
  fs::create_directories(root / "etc");
  fs::copy_file("/bin/busybox", root / "bin/busybox", fs::copy_options::overwrite_existing);
  for (const char* applet : {"sh", "sleep", "httpd"})
    if (!fs::exists(fs::symlink_status(root / "bin" / applet)))
      fs::create_symlink("busybox", root / "bin" / applet);
  std::ofstream(root / "etc/passwd") << "root:x:0:0:root:/root:/bin/sh\n";
  berth({"import", root.string(), "localhost/bench/busybox:1", "--change", "ENV PATH=/bin"});
  imported = true;
}

const char* kReferenceStack = R"(name: reference
services:
  db:
    image: localhost/bench/busybox:1
    init: true
    command: ["sleep", "3600"]
    volumes: [db-data:/data]
    networks: [back]
  cache:
    image: localhost/bench/busybox:1
    init: true
    command: ["sleep", "3600"]
    volumes: [cache-data:/data]
    networks: [back]
    depends_on: [db]
  api:
    image: localhost/bench/busybox:1
    init: true
    command: ["httpd", "-f", "-p", "8000"]
    networks: [back, front]
    ports: ["127.0.0.1:18000:8000"]
    depends_on: [cache]
  web:
    image: localhost/bench/busybox:1
    init: true
    command: ["httpd", "-f", "-p", "80", "-h", "/srv"]
    volumes: [./site:/srv:ro]
    networks: [front]
    ports: ["127.0.0.1:18080:80"]
    depends_on: [api]
  worker:
    image: localhost/bench/busybox:1
    init: true
    command: ["sleep", "3600"]
    networks: [back]
    depends_on: [db]
networks:
  front: {}
  back: {}
volumes:
  db-data: {}
  cache-data: {}
)";

std::string flat_stack(int services) {
  std::string text = "name: flat" + std::to_string(services) + "\nservices:\n";
  for (int i = 0; i < services; ++i)
    text += "  s" + std::to_string(i) +
            ":\n    image: localhost/bench/busybox:1\n    init: true\n"
            "    command: [\"sleep\", \"3600\"]\n";
  return text;
}

std::string write_stack(const std::string& name, const std::string& text) {
  auto dir = scratch() / name;
  fs::create_directories(dir / "site");
  std::ofstream(dir / "compose.yaml") << text;
  return (dir / "compose.yaml").string();
}

std::string stack_for(int services) {
  return services == 0 ? write_stack("reference", kReferenceStack)
                       : write_stack("flat" + std::to_string(services), flat_stack(services));
}

// `down` returns once the kernel has unlisted the networks' links and leaves it
// their teardown (an RCU barrier per bridge, under RTNL); an `up` timed from a
// quiet machine starts after that.
void let_kernel_finish_teardown() { std::this_thread::sleep_for(std::chrono::milliseconds(200)); }

// Argument 0: the reference stack; N: N independent services.
void UpDetached(benchmark::State& state) {
  ensure_image();
  auto file = stack_for(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    berth({"up", "-f", file, "-d", "--progress", "quiet"});
    state.PauseTiming();
    berth({"down", "-f", file, "-t", "0", "-v", "--progress", "quiet"});
    let_kernel_finish_teardown();
    state.ResumeTiming();
  }
}
BENCHMARK(UpDetached)->Arg(0)->Arg(10)->Arg(50)->Arg(100)->Unit(benchmark::kMillisecond);

void Down(benchmark::State& state) {
  ensure_image();
  auto file = stack_for(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    berth({"up", "-f", file, "-d", "--progress", "quiet"});
    state.ResumeTiming();
    berth({"down", "-f", file, "-t", "0", "-v", "--progress", "quiet"});
  }
}
BENCHMARK(Down)->Arg(0)->Arg(10)->Arg(50)->Arg(100)->Unit(benchmark::kMillisecond);

// Re-`up` of a running, unchanged reference stack: the plan alone.
void UpUnchanged(benchmark::State& state) {
  ensure_image();
  auto file = stack_for(0);
  berth({"up", "-f", file, "-d", "--progress", "quiet"});
  for (auto _ : state) berth({"up", "-f", file, "-d", "--progress", "quiet"});
  berth({"down", "-f", file, "-t", "0", "-v", "--progress", "quiet"});
}
BENCHMARK(UpUnchanged)->Unit(benchmark::kMillisecond);

void BaselineBerthVersion(benchmark::State& state) {
  for (auto _ : state) berth({"version"});
}
BENCHMARK(BaselineBerthVersion)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
