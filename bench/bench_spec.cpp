// Loading a 200-service stack file: the whole loader (YAML with anchors and
// merge keys, interpolation from a .env, typing, validation), then the
// dependency graph and the config hashes the engine computes on every `up`.
// Baseline in the same run: yaml-cpp's parse of the same text into berth's
// node tree, the part of loading berth cannot make cheaper.
// Needs no privileges: build with -DBERTH_BENCH=ON and run build/bench/bench_spec.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "spec/graph.h"
#include "spec/json_output.h"
#include "spec/project.h"
#include "spec/yaml_reader.h"

namespace {

namespace fs = std::filesystem;
using namespace berth::spec;

// Every service takes shared settings from an anchor, publishes a port, mounts
// a volume and a bind, reads variables, and depends on the one before it
// (healthy) in chains of ten, on four networks.
std::string stack_text(int services) {
  std::ostringstream text;
  text << "x-common: &common\n"
          "  restart: unless-stopped\n"
          "  labels: {team: core, tier: \"${TIER:-backend}\"}\n"
          "  healthcheck: {test: [\"CMD\", \"true\"], interval: 5s, retries: 3}\n"
          "services:\n";
  for (int i = 0; i < services; ++i) {
    text << "  svc" << i << ":\n"
         << "    <<: *common\n"
         << "    image: \"registry.local/app:${TAG}\"\n"
         << "    command: [\"serve\", \"--port\", \"80\"]\n"
         << "    environment:\n      INDEX: \"" << i << "\"\n      MODE: ${MODE:-prod}\n"
         << "    ports: [\"" << 20000 + i << ":80\"]\n"
         << "    volumes: [\"data" << i % 10 << ":/data\", \"./conf:/etc/app:ro\"]\n"
         << "    networks: [net" << i % 4 << "]\n"
         << "    mem_limit: 256m\n";
    if (i % 10 != 0) text << "    depends_on: {svc" << i - 1 << ": {condition: service_healthy}}\n";
  }
  text << "networks:\n";
  for (int i = 0; i < 4; ++i) text << "  net" << i << ": {}\n";
  text << "volumes:\n";
  for (int i = 0; i < 10; ++i) text << "  data" << i << ": {}\n";
  return text.str();
}

class StackDirectory {
 public:
  explicit StackDirectory(int services) {
    char pattern[] = "/tmp/berth-bench-spec-XXXXXX";
    path_ = ::mkdtemp(pattern);
    text_ = stack_text(services);
    std::ofstream(path_ / "compose.yaml") << text_;
    std::ofstream(path_ / ".env") << "TAG=1.0\nMODE=\"bench\"\n";
  }
  ~StackDirectory() { fs::remove_all(path_); }

  ProjectOptions options() const {
    ProjectOptions options;
    options.files = {(path_ / "compose.yaml").string()};
    options.environment = Environment{};
    return options;
  }
  const std::string& text() const { return text_; }

 private:
  fs::path path_;
  std::string text_;
};

void LoadProject(benchmark::State& state) {
  StackDirectory stack(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(load_project(stack.options()));
}
BENCHMARK(LoadProject)->Arg(200)->Unit(benchmark::kMillisecond);

void GraphAndHashes(benchmark::State& state) {
  StackDirectory stack(static_cast<int>(state.range(0)));
  Project project = load_project(stack.options());
  for (auto _ : state) {
    DependencyGraph graph(project);
    benchmark::DoNotOptimize(graph.levels());
    for (const auto& [name, service] : project.services)
      benchmark::DoNotOptimize(config_hash(service));
  }
}
BENCHMARK(GraphAndHashes)->Arg(200)->Unit(benchmark::kMillisecond);

void BaselineYamlParse(benchmark::State& state) {
  StackDirectory stack(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(parse_yaml(stack.text(), "compose.yaml"));
}
BENCHMARK(BaselineYamlParse)->Arg(200)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
