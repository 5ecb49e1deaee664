#include "engine/garbage_collector.h"

#include <set>

#include "engine/container_cgroup_sweep.h"
#include "engine/supervisor_process.h"
#include "runtime/container_control.h"
#include "runtime/spec_json.h"
#include "runtime/supervisor.h"
#include "util/error.h"
#include "util/log.h"
#include "util/remove_tree.h"

namespace berth::engine {

namespace fs = std::filesystem;

namespace {
// Entries of a directory that may not exist; dot files (the netns dir's marker) are not objects.
std::set<std::string> entries(const fs::path& dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto name = entry.path().filename().string();
    if (name.front() != '.') names.insert(name);
  }
  return names;
}

void collect_run_dir(EngineContext& context, const std::string& name, bool dry_run,
                     std::vector<Garbage>& found) {
  auto dir = context.runtime_dir(name);
  if (auto pid = verified_supervisor(dir)) {
    found.push_back({"supervisor", name + " (pid " + std::to_string(*pid) + ")"});
    if (!dry_run) runtime::stop_container(dir.string(), 0);
  }
  runtime::ContainerFiles files{dir.string()};
  if (fs::exists(files.spec())) {
    try {
      auto project = runtime::read_spec_file(files.spec()).project;
      if (sweep_container_cgroup(project, name, dry_run))
        found.push_back({"cgroup", project + "/" + name});
    } catch (const Error& error) {
      log::warn("cannot tell the cgroup of {}: {}", name, error.what());
    }
  }
  found.push_back({"run dir", dir.string()});
  if (!dry_run) remove_tree(dir);
}
}  // namespace

std::vector<Garbage> collect_garbage(EngineContext& context, bool dry_run) {
  // What exists is listed before the records are read: a container being made
  // right now had its record saved before any of its objects, so whatever is
  // listed here and has no record by then belongs to no one.
  auto run_dirs = entries(context.locations.run_dir / "containers");
  auto pins = entries(context.locations.run_dir / "netns");
  auto roots = entries(context.locations.state_root / "containers");
  auto attached = context.networks.attached_containers();
  std::set<std::string> owned;
  {
    std::lock_guard lock(context.state_mutex);
    for (const auto& record : context.containers.all()) owned.insert(record.name);
  }

  std::vector<Garbage> found;
  for (const auto& name : run_dirs)
    if (!owned.count(name)) collect_run_dir(context, name, dry_run, found);
  for (const auto& name : attached) {
    if (owned.count(name)) continue;
    found.push_back({"endpoint", name});
    if (!dry_run) context.networks.release_container(name);
  }
  for (const auto& name : pins) {
    if (owned.count(name)) continue;
    found.push_back({"netns", context.pins.path_of(name).string()});
    if (!dry_run) context.pins.remove(name);
  }
  for (const auto& name : roots) {
    if (owned.count(name)) continue;
    found.push_back({"rootfs", context.rootfs.container_dir(name).string()});
    if (!dry_run) context.rootfs.remove(name);
  }
  for (auto& object : context.networks.collect_garbage(dry_run))
    found.push_back({"network", std::move(object)});
  return found;
}

}  // namespace berth::engine
