#pragma once

#include <string>
#include <vector>

namespace berth::runtime {

struct NamespaceSupport {
  std::string type;   // pid, net, mnt, uts, ipc, user, cgroup, time
  bool creatable;     // unshare() of it succeeded in a throwaway child
  std::string error;  // why not, when it failed
};

// Tries to create each namespace type in a short-lived child process, so the
// caller's own namespaces are never changed.
std::vector<NamespaceSupport> probe_namespaces();

}  // namespace berth::runtime
