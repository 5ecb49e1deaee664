#include "runtime/cgroup_probe.h"

#include <fstream>
#include <set>
#include <sstream>

#include "util/error.h"

namespace berth::runtime {

namespace {
struct MountEntry {
  std::filesystem::path mount_point;
  std::string fstype;
  std::string super_options;
};

// mountinfo: "id parent major:minor root mount_point options [optional...] - fstype source
// super_options"
std::vector<MountEntry> read_mountinfo(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw Error("reading mount table", path.string(), errno);
  std::vector<MountEntry> entries;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, device, root, mount_point, options, token;
    fields >> id >> parent >> device >> root >> mount_point >> options;
    while (fields >> token && token != "-") {
    }
    MountEntry entry;
    std::string source;
    fields >> entry.fstype >> source >> entry.super_options;
    entry.mount_point = mount_point;
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<std::string> split_nonempty(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  std::string part;
  while (std::getline(in, part, separator))
    if (!part.empty()) parts.push_back(part);
  return parts;
}

// The kernel's v1 controller names; super options also carry rw, relatime, name=...
const std::set<std::string> kV1Controllers = {
    "cpu",  "cpuacct", "cpuset",   "memory",     "devices", "freezer", "blkio",
    "pids", "net_cls", "net_prio", "perf_event", "hugetlb", "rdma",    "misc"};
}  // namespace

std::string to_string(CgroupMode mode) {
  switch (mode) {
    case CgroupMode::v1:
      return "v1";
    case CgroupMode::v2:
      return "v2";
    case CgroupMode::hybrid:
      return "hybrid";
  }
  return "unknown";
}

CgroupLayout probe_cgroups(const std::filesystem::path& mountinfo) {
  CgroupLayout layout{CgroupMode::v1, {}, {}};
  bool has_v1 = false;
  for (const auto& entry : read_mountinfo(mountinfo)) {
    if (entry.fstype == "cgroup2" && layout.unified_root.empty()) {
      layout.unified_root = entry.mount_point;
    } else if (entry.fstype == "cgroup") {
      for (const auto& option : split_nonempty(entry.super_options, ',')) {
        if (!kV1Controllers.count(option)) continue;
        has_v1 = true;
        layout.controllers.push_back({option, entry.mount_point});
      }
    }
  }
  if (!layout.unified_root.empty()) {
    std::ifstream in(layout.unified_root / "cgroup.controllers");
    std::string name;
    while (in >> name) layout.controllers.push_back({name, layout.unified_root});
  }
  if (layout.unified_root.empty())
    layout.mode = CgroupMode::v1;
  else
    layout.mode = has_v1 ? CgroupMode::hybrid : CgroupMode::v2;
  return layout;
}

}  // namespace berth::runtime
