#include <cmath>
#include <cstdlib>
#include <map>

#include "runtime/cgroup_driver.h"
#include "runtime/cgroup_files.h"
#include "runtime/cgroup_stat_files.h"
#include "runtime/device_rules.h"
#include "util/error.h"

namespace berth::runtime {

namespace {

namespace fs = std::filesystem;

// v1: one directory per controller hierarchy (cpu and cpuacct may be apart or joined).
class CgroupV1 : public ContainerCgroup {
 public:
  CgroupV1(const CgroupLayout& layout, const std::string& relative) {
    for (const auto& controller : layout.controllers)
      dirs_[controller.name] = controller.hierarchy / relative;
  }

  void create(const Resources& resources, bool privileged) override {
    for (const auto& [controller, dir] : dirs_) make_with_ancestors(controller, dir);
    apply_memory(resources);
    apply_cpu(resources);
    if (has("pids") && resources.pids_limit > 0)
      write_control(dirs_["pids"] / "pids.max", std::to_string(resources.pids_limit));
    if (has("devices") && !privileged) {
      write_control(dirs_["devices"] / "devices.deny", "a");
      for (const auto& rule : default_device_rules())
        write_control(dirs_["devices"] / "devices.allow", rule);
      for (const auto& rule : resources.device_rules)
        write_control(dirs_["devices"] / "devices.allow", rule);
    }
  }

  void add_process(pid_t pid) override {
    for (const auto& [controller, dir] : dirs_)
      write_control(dir / "cgroup.procs", std::to_string(pid));
  }

  CgroupUsage usage() const override {
    CgroupUsage usage;
    if (has("cpuacct")) usage.cpu_ns = read_number(dir("cpuacct") / "cpuacct.usage");
    if (has("memory")) {
      usage.memory_bytes = read_number(dir("memory") / "memory.usage_in_bytes");
      auto limit = read_number(dir("memory") / "memory.limit_in_bytes");
      usage.memory_limit = limit >= (1ULL << 60) ? 0 : limit;  // v1 says "unlimited" this way
      usage.memory_inactive_file = read_keyed(dir("memory") / "memory.stat", "total_inactive_file");
    }
    if (has("pids")) usage.pids = read_number(dir("pids") / "pids.current");
    auto blkio = has("blkio") ? dir("blkio") / "blkio.throttle.io_service_bytes_recursive" : "";
    if (!blkio.empty() && fs::exists(blkio)) {
      auto io = parse_blkio_service_bytes(read_control(blkio));
      usage.block_read_bytes = io.read;
      usage.block_write_bytes = io.write;
    }
    return usage;
  }

  std::uint64_t oom_kills() const override {
    return has("memory") ? read_keyed(dir("memory") / "memory.oom_control", "oom_kill") : 0;
  }

  void freeze(bool frozen) override {
    if (!has("freezer")) throw Error("the freezer cgroup controller is not available");
    write_control(dir("freezer") / "freezer.state", frozen ? "FROZEN" : "THAWED");
  }

  std::vector<pid_t> processes() const override {
    auto any = dirs_.count("pids") ? dir("pids") : dirs_.begin()->second;
    return read_pids(any / "cgroup.procs");
  }

  void remove() override {
    for (const auto& [controller, dir] : dirs_) remove_cgroup_dir(dir);
    for (const auto& [controller, dir] : dirs_) ::rmdir(dir.parent_path().c_str());  // project
  }

 private:
  bool has(const std::string& controller) const { return dirs_.count(controller) != 0; }
  const fs::path& dir(const std::string& controller) const { return dirs_.at(controller); }

  // A new cpuset group has no CPUs or memory nodes until given its parent's,
  // and one that another supervisor has just made may not have them yet: every
  // caller fills what is still empty, from the top down.
  static void make_with_ancestors(const std::string& controller, const fs::path& dir) {
    bool cpuset = controller == "cpuset";
    if (fs::exists(dir) && (!cpuset || cpuset_filled(dir))) return;
    make_with_ancestors(controller, dir.parent_path());
    fs::create_directory(dir);
    if (!cpuset) return;
    for (const char* file : {"cpuset.cpus", "cpuset.mems"})
      if (is_blank(read_control(dir / file)))
        write_control(dir / file, read_control(dir.parent_path() / file));
  }

  static bool is_blank(const std::string& text) {
    return text.find_first_not_of(" \n") == std::string::npos;
  }

  static bool cpuset_filled(const fs::path& dir) {
    return !is_blank(read_control(dir / "cpuset.cpus")) &&
           !is_blank(read_control(dir / "cpuset.mems"));
  }

  void apply_memory(const Resources& resources) {
    if (!has("memory")) return;
    const auto& memory = dir("memory");
    if (resources.memory_reservation > 0)
      write_control(memory / "memory.soft_limit_in_bytes",
                    std::to_string(resources.memory_reservation));
    if (resources.memory <= 0) return;
    write_control(memory / "memory.limit_in_bytes", std::to_string(resources.memory));
    // Docker: no memswap given means memory+swap may be twice the memory limit.
    std::int64_t swap = resources.memory_swap == 0 ? 2 * resources.memory : resources.memory_swap;
    if (fs::exists(memory / "memory.memsw.limit_in_bytes"))
      write_control(memory / "memory.memsw.limit_in_bytes", std::to_string(swap));
  }

  void apply_cpu(const Resources& resources) {
    if (has("cpu") && resources.cpus > 0) {
      write_control(dir("cpu") / "cpu.cfs_period_us", std::to_string(kCfsPeriod));
      write_control(dir("cpu") / "cpu.cfs_quota_us",
                    std::to_string(std::llround(resources.cpus * kCfsPeriod)));
    }
    if (has("cpu") && resources.cpu_shares > 0)
      write_control(dir("cpu") / "cpu.shares", std::to_string(resources.cpu_shares));
    if (has("cpuset") && !resources.cpuset.empty())
      write_control(dir("cpuset") / "cpuset.cpus", resources.cpuset);
  }

  std::map<std::string, fs::path> dirs_;
};

}  // namespace

std::unique_ptr<ContainerCgroup> make_cgroup_v2(const fs::path& unified_root,
                                                const std::string& relative);

std::string cgroup_parent_name() {
  const char* parent = std::getenv("BERTH_CGROUP_PARENT");
  return parent && *parent ? parent : "berth";
}

std::unique_ptr<ContainerCgroup> open_container_cgroup(const CgroupLayout& layout,
                                                       const std::string& project,
                                                       const std::string& container) {
  std::string relative =
      cgroup_parent_name() + "/" + (project.empty() ? "default" : project) + "/" + container;
  if (layout.mode == CgroupMode::v2) return make_cgroup_v2(layout.unified_root, relative);
  return std::make_unique<CgroupV1>(layout, relative);
}

}  // namespace berth::runtime
