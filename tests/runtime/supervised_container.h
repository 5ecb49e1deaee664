#pragma once

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "busybox_rootfs.h"
#include "runtime/container_control.h"
#include "runtime/json_log.h"

namespace berth::runtime::testing {

// Points the runtime at the freshly built supervisor (it sits beside `berth`).
inline void use_built_supervisor() {
  auto path = std::filesystem::path(BERTH_BINARY).parent_path() / "berth-supervisor";
  ::setenv("BERTH_SUPERVISOR", path.c_str(), 1);
}

inline std::string container_dir(const std::string& id) {
  return std::string(std::getenv("BERTH_RUN")) + "/containers/" + id;
}

inline ContainerSpec shell_spec(const std::string& id, const std::string& script) {
  ContainerSpec spec;
  spec.id = id;
  spec.name = id;
  spec.project = "suptest";
  spec.rootfs = make_busybox_rootfs();
  spec.process.args = {"/bin/sh", "-c", script};
  spec.log_path = container_dir(id) + "/json.log";
  return spec;
}

inline bool wait_until(const std::function<bool()>& condition, int timeout_ms = 10000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

inline bool supervisor_gone(const std::string& dir) { return !find_supervisor(dir).has_value(); }

// Ends a test's supervisor by pid whatever happened: stop first, SIGKILL if needed.
inline void cleanup(const std::string& dir) {
  auto pid = find_supervisor(dir);
  if (!pid) return;
  stop_container(dir, 0);
  if (auto still = find_supervisor(dir)) ::kill(*still, SIGKILL);
}

inline std::vector<LogEntry> read_log(const std::string& path) {
  std::vector<LogEntry> entries;
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);) entries.push_back(parse_log_line(line));
  return entries;
}

}  // namespace berth::runtime::testing
