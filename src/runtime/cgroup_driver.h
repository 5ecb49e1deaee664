#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/cgroup_probe.h"
#include "runtime/container_spec.h"

namespace berth::runtime {

struct CgroupUsage {
  std::uint64_t cpu_ns = 0;                // CPU time used by all processes, ever
  std::uint64_t memory_bytes = 0;          // current memory charge
  std::uint64_t memory_limit = 0;          // 0 = unlimited
  std::uint64_t memory_inactive_file = 0;  // page cache the kernel can drop first
  std::uint64_t pids = 0;
  std::uint64_t block_read_bytes = 0;
  std::uint64_t block_write_bytes = 0;
};

// One container's cgroup: <parent>/<project>/<container> in every hierarchy berth uses.
// The parent is $BERTH_CGROUP_PARENT, else "berth".
class ContainerCgroup {
 public:
  virtual ~ContainerCgroup() = default;

  // Creates the groups (and missing ancestors) and writes the limits.
  virtual void create(const Resources& resources, bool privileged) = 0;
  virtual void add_process(pid_t pid) = 0;
  virtual CgroupUsage usage() const = 0;
  // How many times the kernel's OOM killer killed a process of this group.
  virtual std::uint64_t oom_kills() const = 0;
  virtual void freeze(bool frozen) = 0;
  virtual std::vector<pid_t> processes() const = 0;
  // Removes the leaf groups; they must be empty.
  virtual void remove() = 0;
};

// The driver that fits the host: v1 when its controllers are mounted, else v2.
std::unique_ptr<ContainerCgroup> open_container_cgroup(const CgroupLayout& layout,
                                                       const std::string& project,
                                                       const std::string& container);

// $BERTH_CGROUP_PARENT or "berth".
std::string cgroup_parent_name();

}  // namespace berth::runtime
