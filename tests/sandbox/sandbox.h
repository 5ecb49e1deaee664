#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace berth::testing {

// A throwaway world for kernel tests: new network, mount and PID namespaces with
// lo up, a private tmpfs holding the state root and run dir, a fresh /proc and
// /sys, and a test-only cgroup parent in every hierarchy. Everything is gone
// when the command exits: the PID namespace ends with its init, the mount and
// network namespaces with their last process, and the cgroups are removed here.
struct SandboxPlan {
  std::vector<std::string> command;
  std::filesystem::path scratch;  // host temp dir the tmpfs is mounted on
  std::string cgroup_parent;      // relative name inside every hierarchy
  std::vector<std::filesystem::path> cgroup_dirs;
};

SandboxPlan plan_sandbox(std::vector<std::string> command);
// Runs the command in the sandbox and returns its exit status (128+N for signal N).
int run_sandbox(SandboxPlan& plan);
// Removes the plan's cgroups and scratch dir; safe to call after any failure.
void clean_up_sandbox(const SandboxPlan& plan);

}  // namespace berth::testing
