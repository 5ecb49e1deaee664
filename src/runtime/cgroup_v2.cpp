#include <cmath>
#include <sstream>

#include "runtime/cgroup_driver.h"
#include "runtime/cgroup_files.h"
#include "runtime/cgroup_stat_files.h"
#include "runtime/device_filter.h"
#include "util/error.h"

namespace berth::runtime {

namespace {

namespace fs = std::filesystem;

// Docker's mapping of v1 cpu shares (2..262144) onto v2 weights (1..10000).
std::int64_t shares_to_weight(std::int64_t shares) { return 1 + ((shares - 2) * 9999) / 262142; }

// v2: one directory; controllers are enabled level by level from the root down.
class CgroupV2 : public ContainerCgroup {
 public:
  CgroupV2(fs::path root, const std::string& relative)
      : root_(std::move(root)), dir_(root_ / relative) {}

  void create(const Resources& resources, bool privileged) override {
    make_with_ancestors(dir_);
    if (!privileged) {  // docker leaves a privileged container every device
      std::vector<DeviceRule> rules;
      for (const auto& rule : default_device_rules()) rules.push_back(parse_device_rule(rule));
      for (const auto& rule : resources.device_rules) rules.push_back(parse_device_rule(rule));
      attach_device_filter(dir_, rules);
    }
    if (resources.memory > 0) {
      write_control(dir_ / "memory.max", std::to_string(resources.memory));
      bool has_swap = fs::exists(dir_ / "memory.swap.max");
      if (has_swap && resources.memory_swap > 0)
        write_control(dir_ / "memory.swap.max", std::to_string(std::max<std::int64_t>(
                                                    0, resources.memory_swap - resources.memory)));
      else if (has_swap && resources.memory_swap == 0)
        write_control(dir_ / "memory.swap.max", std::to_string(resources.memory));
    }
    if (resources.memory_reservation > 0)
      write_control(dir_ / "memory.low", std::to_string(resources.memory_reservation));
    if (resources.cpus > 0)
      write_control(dir_ / "cpu.max", std::to_string(std::llround(resources.cpus * kCfsPeriod)) +
                                          " " + std::to_string(kCfsPeriod));
    if (resources.cpu_shares > 0)
      write_control(dir_ / "cpu.weight", std::to_string(shares_to_weight(resources.cpu_shares)));
    if (!resources.cpuset.empty()) write_control(dir_ / "cpuset.cpus", resources.cpuset);
    if (resources.pids_limit > 0)
      write_control(dir_ / "pids.max", std::to_string(resources.pids_limit));
  }

  void add_process(pid_t pid) override {
    write_control(dir_ / "cgroup.procs", std::to_string(pid));
  }

  CgroupUsage usage() const override {
    CgroupUsage usage;
    usage.cpu_ns = read_keyed(dir_ / "cpu.stat", "usage_usec") * 1000;
    if (fs::exists(dir_ / "memory.current")) {
      usage.memory_bytes = read_number(dir_ / "memory.current");
      usage.memory_limit = read_number(dir_ / "memory.max");
      usage.memory_inactive_file = read_keyed(dir_ / "memory.stat", "inactive_file");
    }
    if (fs::exists(dir_ / "pids.current")) usage.pids = read_number(dir_ / "pids.current");
    if (fs::exists(dir_ / "io.stat")) {
      auto io = parse_io_stat(read_control(dir_ / "io.stat"));
      usage.block_read_bytes = io.read;
      usage.block_write_bytes = io.write;
    }
    return usage;
  }

  std::uint64_t oom_kills() const override {
    return read_keyed(dir_ / "memory.events", "oom_kill");
  }

  void freeze(bool frozen) override { write_control(dir_ / "cgroup.freeze", frozen ? "1" : "0"); }

  std::vector<pid_t> processes() const override { return read_pids(dir_ / "cgroup.procs"); }

  void remove() override {
    remove_cgroup_dir(dir_);
    ::rmdir(dir_.parent_path().c_str());  // the project's group, when it was the last one
  }

 private:
  void make_with_ancestors(const fs::path& dir) {
    if (fs::exists(dir)) return;
    make_with_ancestors(dir.parent_path());
    enable_controllers(dir.parent_path());
    fs::create_directory(dir);
  }

  // Hands every controller the parent has down to its children.
  static void enable_controllers(const fs::path& parent) {
    std::string wanted;
    std::istringstream offered(read_control(parent / "cgroup.controllers"));
    for (std::string controller; offered >> controller;) wanted += "+" + controller + " ";
    if (!wanted.empty()) write_control(parent / "cgroup.subtree_control", wanted);
  }

  fs::path root_;
  fs::path dir_;
};

}  // namespace

std::unique_ptr<ContainerCgroup> make_cgroup_v2(const fs::path& unified_root,
                                                const std::string& relative) {
  return std::make_unique<CgroupV2>(unified_root, relative);
}

}  // namespace berth::runtime
