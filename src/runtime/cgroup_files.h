#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace berth::runtime {

// The CFS period (µs) both drivers use to turn `cpus` into a quota.
inline constexpr std::int64_t kCfsPeriod = 100000;

// Small helpers over cgroupfs control files shared by both drivers.
void write_control(const std::filesystem::path& file, const std::string& value);
std::string read_control(const std::filesystem::path& file);
std::uint64_t read_number(const std::filesystem::path& file);
// Value of "key N" lines (memory.events, memory.oom_control, cpu.stat); 0 when absent.
std::uint64_t read_keyed(const std::filesystem::path& file, const std::string& key);
std::vector<pid_t> read_pids(const std::filesystem::path& procs_file);
// Removes a cgroup directory, retrying while the kernel is still releasing it.
void remove_cgroup_dir(const std::filesystem::path& dir);

}  // namespace berth::runtime
