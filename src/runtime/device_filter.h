#pragma once

#include <linux/bpf.h>

#include <filesystem>
#include <vector>

#include "runtime/device_rules.h"

namespace berth::runtime {

// cgroup v2 has no devices controller: the kernel asks a BPF program attached
// to the group (BPF_PROG_TYPE_CGROUP_DEVICE) instead. This program allows an
// access when one of `rules` grants it and denies everything else, as the v1
// controller does after "devices.deny a".
std::vector<bpf_insn> device_filter_program(const std::vector<DeviceRule>& rules);

// Loads the program for `rules` and attaches it to the cgroup v2 directory
// `cgroup`, where it applies to every process of the group and its children.
void attach_device_filter(const std::filesystem::path& cgroup,
                          const std::vector<DeviceRule>& rules);

}  // namespace berth::runtime
