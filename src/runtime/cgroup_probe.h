#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace berth::runtime {

enum class CgroupMode { v1, v2, hybrid };

std::string to_string(CgroupMode mode);

// Where one usable controller lives: a v1 hierarchy's mount point, or the v2 root.
struct CgroupController {
  std::string name;
  std::filesystem::path hierarchy;
};

struct CgroupLayout {
  CgroupMode mode;
  std::filesystem::path unified_root;  // the cgroup2 mount, empty when there is none
  // Controllers that can enforce limits: v1 hierarchies that are mounted, and the
  // controllers the v2 root offers (on hybrid hosts, v1 usually holds them all).
  std::vector<CgroupController> controllers;
};

// Reads the layout from a mountinfo file and, for v2, the root's cgroup.controllers.
CgroupLayout probe_cgroups(const std::filesystem::path& mountinfo = "/proc/self/mountinfo");

}  // namespace berth::runtime
