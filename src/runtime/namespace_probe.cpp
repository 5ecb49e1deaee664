#include "runtime/namespace_probe.h"

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "util/error.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

namespace berth::runtime {

namespace {
struct NamespaceType {
  const char* name;
  int flag;
};

constexpr NamespaceType kTypes[] = {
    {"pid", CLONE_NEWPID},       {"net", CLONE_NEWNET},   {"mnt", CLONE_NEWNS},
    {"uts", CLONE_NEWUTS},       {"ipc", CLONE_NEWIPC},   {"user", CLONE_NEWUSER},
    {"cgroup", CLONE_NEWCGROUP}, {"time", CLONE_NEWTIME},
};

// Returns 0 when the child could unshare the namespace, else the errno it got.
int try_unshare_in_child(int flag) {
  pid_t child = ::fork();
  if (child < 0) throw_errno("forking namespace probe");
  if (child == 0) _exit(::unshare(flag) == 0 ? 0 : errno);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) throw_errno("waiting for namespace probe");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : EINVAL;
}
}  // namespace

std::vector<NamespaceSupport> probe_namespaces() {
  std::vector<NamespaceSupport> result;
  for (const auto& type : kTypes) {
    int err = try_unshare_in_child(type.flag);
    result.push_back({type.name, err == 0, err == 0 ? "" : std::strerror(err)});
  }
  return result;
}

}  // namespace berth::runtime
