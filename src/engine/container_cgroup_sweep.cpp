#include "engine/container_cgroup_sweep.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "runtime/cgroup_driver.h"
#include "runtime/cgroup_files.h"
#include "runtime/cgroup_probe.h"

namespace berth::engine {

namespace fs = std::filesystem;

namespace {
// The hierarchies the runtime's cgroup driver uses on this host.
std::vector<fs::path> hierarchies() {
  auto layout = runtime::probe_cgroups();
  std::vector<fs::path> roots;
  if (layout.mode == runtime::CgroupMode::v2) {
    roots.push_back(layout.unified_root);
    return roots;
  }
  for (const auto& controller : layout.controllers)
    if (std::find(roots.begin(), roots.end(), controller.hierarchy) == roots.end())
      roots.push_back(controller.hierarchy);
  return roots;
}

void kill_members(const fs::path& group) {
  using namespace std::chrono_literals;
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto pids = runtime::read_pids(group / "cgroup.procs");
    if (pids.empty()) return;
    for (pid_t pid : pids) ::kill(pid, SIGKILL);
    std::this_thread::sleep_for(5ms);
  }
}
}  // namespace

bool sweep_container_cgroup(const std::string& project, const std::string& container,
                            bool dry_run) {
  fs::path relative =
      fs::path(runtime::cgroup_parent_name()) / (project.empty() ? "default" : project);
  bool found = false;
  for (const auto& root : hierarchies()) {
    auto group = root / relative / container;
    if (!fs::exists(group)) continue;
    found = true;
    if (dry_run) continue;
    kill_members(group);
    runtime::remove_cgroup_dir(group);
    ::rmdir((root / relative).c_str());  // fails while other containers of the project have groups
  }
  return found;
}

}  // namespace berth::engine
