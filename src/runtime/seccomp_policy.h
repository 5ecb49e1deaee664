#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/capabilities.h"

namespace berth::runtime {

// One rule of a seccomp policy: these syscalls get `action` (allow, or fail with
// errno) when every argument condition holds.
struct SeccompRule {
  std::vector<std::string> syscalls;
  bool allow = true;
  int errno_value = 0;
  struct ArgCondition {
    unsigned index;
    enum class Op { equal, not_equal, masked_equal } op;
    std::uint64_t value;
    std::uint64_t mask = 0;  // masked_equal: (arg & mask) == value
  };
  std::vector<ArgCondition> conditions;
};

struct SeccompPolicy {
  int default_errno = 1;  // EPERM for every syscall no rule allows
  std::vector<SeccompRule> rules;
};

// berth's default policy, following Docker's documented default profile: an allow list
// of ordinary syscalls, with the dangerous ones only for holders of the matching
// capability (mount, unshare, setns, namespace-creating clone need CAP_SYS_ADMIN, ...).
SeccompPolicy default_seccomp_policy(CapabilitySet capabilities);

// Reads a Docker-format seccomp profile (JSON: defaultAction, syscalls[names, action,
// args, errnoRet]); errors name the file and the offending entry.
SeccompPolicy load_seccomp_profile(const std::string& path);

// A policy compiled to the kernel's classic BPF.
using SeccompProgram = std::vector<sock_filter>;

// Compiles the policy with libseccomp for the native architecture.
SeccompProgram compile_seccomp(const SeccompPolicy& policy);

// The policy as text that names everything its program depends on (the policy
// itself, libseccomp's version, the architecture): equal texts compile alike.
std::string canonical_seccomp_text(const SeccompPolicy& policy);

// Installs a compiled program in the calling process. Needs CAP_SYS_ADMIN or
// no_new_privs, as every seccomp filter does.
void install_seccomp(const SeccompProgram& program);

}  // namespace berth::runtime
