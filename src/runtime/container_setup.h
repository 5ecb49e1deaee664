#pragma once

#include <functional>
#include <optional>

#include "runtime/container_spec.h"
#include "runtime/seccomp_policy.h"
#include "runtime/user_lookup.h"
#include "util/namespace_fd.h"

namespace berth::runtime {

// Namespaces the launcher opened before the clone: another container's ipc
// namespace (the child, in a pid namespace of its own, cannot see the host pid
// that finds it) and the user namespace the process ends up in.
struct OpenedNamespaces {
  const NamespaceFd* ipc = nullptr;
  const NamespaceFd* user = nullptr;
};

// What the container's process runs as, worked out by the launcher before the
// clone: done there once, in its warm memory, it costs the child none of the
// copy-on-write faults that its allocations would (~10 us each on a VM).
struct ProcessIdentity {
  ResolvedUser user;
  std::optional<SeccompProgram> seccomp;
};

// The identity of `spec`'s process, from the image's /etc/passwd and /etc/group
// and its seccomp policy; called on the host, before the container's root exists.
ProcessIdentity process_identity_for(const ContainerSpec& spec);

// In the container's child process (new pid/mount/uts/ipc namespaces, standard streams
// attached): joins the network namespace (and `opened`), builds the root, drops
// privileges and execs the user's program as `identity`. `before_exec` runs once the
// container is built and returns once the process is in its cgroups (it may block);
// then the process gets its cgroup namespace and privileges go. Throws on any
// failure; never returns otherwise.
[[noreturn]] void setup_and_exec(const ContainerSpec& spec, const OpenedNamespaces& opened,
                                 const ProcessIdentity& identity,
                                 const std::function<void()>& before_exec);

// The compiled seccomp policy `spec` asks for: none when privileged or
// unconfined. A profile file and the compiled-program cache are read here, so
// callers call it on the host before they enter the container's root, where
// the image could put files of its own at those paths.
std::optional<SeccompProgram> seccomp_program_for(const ContainerSpec& spec);

// Switches to the user and privileges of `spec` (capabilities, no_new_privs, the
// seccomp policy) and execs its process in `cwd`; shared by the container's first
// process and exec.
[[noreturn]] void drop_privileges_and_exec(const ContainerSpec& spec, const ResolvedUser& user,
                                           const std::optional<SeccompProgram>& seccomp);

// The environment docker gives a process: PATH when missing, HOSTNAME, HOME.
std::vector<std::string> process_environment(const ContainerSpec& spec, const ResolvedUser& user);

// Reads the image's /etc/passwd and /etc/group under `root` and resolves the user.
ResolvedUser resolve_user_in(const std::string& root, const std::string& user);

}  // namespace berth::runtime
