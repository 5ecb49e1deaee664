#include "runtime/container_setup.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include "runtime/capabilities.h"
#include "runtime/rootfs_setup.h"
#include "runtime/seccomp_policy.h"
#include "runtime/seccomp_program_cache.h"
#include "runtime/secure_path.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::runtime {

namespace {

std::string read_text(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void join_namespaces(const ContainerSpec& spec, const OpenedNamespaces& opened) {
  if (!spec.netns_path.empty()) NamespaceFd::open_path(spec.netns_path).enter();
  if (opened.ipc) opened.ipc->enter();
}

void set_names(const ContainerSpec& spec) {
  if (!spec.hostname.empty() && ::sethostname(spec.hostname.data(), spec.hostname.size()) != 0)
    throw_errno("cannot set hostname", spec.hostname);
  if (!spec.domainname.empty() &&
      ::setdomainname(spec.domainname.data(), spec.domainname.size()) != 0)
    throw_errno("cannot set domain name", spec.domainname);
}

void apply_ulimits(const std::vector<Ulimit>& ulimits) {
  static const std::map<std::string, int> kResources = {
      {"core", RLIMIT_CORE},         {"cpu", RLIMIT_CPU},
      {"data", RLIMIT_DATA},         {"fsize", RLIMIT_FSIZE},
      {"locks", RLIMIT_LOCKS},       {"memlock", RLIMIT_MEMLOCK},
      {"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},
      {"nofile", RLIMIT_NOFILE},     {"nproc", RLIMIT_NPROC},
      {"rss", RLIMIT_RSS},           {"rtprio", RLIMIT_RTPRIO},
      {"rttime", RLIMIT_RTTIME},     {"sigpending", RLIMIT_SIGPENDING},
      {"stack", RLIMIT_STACK},       {"as", RLIMIT_AS}};
  for (const auto& limit : ulimits) {
    auto resource = kResources.find(limit.name);
    if (resource == kResources.end()) throw Error("unknown ulimit '" + limit.name + "'");
    rlimit value{limit.soft, limit.hard};
    if (::setrlimit(resource->second, &value) != 0) throw_errno("cannot set ulimit", limit.name);
  }
}

// Enters the working directory, creating it when missing, and refuses one that is not
// a plain directory of the container's own tree (e.g. /proc/self/fd/N of a leaked fd).
void enter_working_directory(const std::string& cwd) {
  if (cwd.empty() || cwd[0] != '/') throw Error("working directory must be absolute", cwd);
  if (cwd.rfind("/proc/", 0) == 0) throw Error("working directory inside /proc refused", cwd);
  create_inside("", cwd, false);
  if (::chdir(cwd.c_str()) != 0) throw_errno("cannot enter working directory", cwd);
  char resolved[4096];
  if (::getcwd(resolved, sizeof(resolved)) == nullptr || resolved[0] != '/')
    throw Error("working directory is outside the container", cwd);
}

void switch_user(const ResolvedUser& user) {
  if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) throw_errno("cannot keep capabilities");
  if (::setgroups(user.groups.size(), user.groups.data()) != 0)
    throw_errno("cannot set supplementary groups");
  if (::setresgid(user.gid, user.gid, user.gid) != 0)
    throw_errno("cannot set group id", std::to_string(user.gid));
  if (::setresuid(user.uid, user.uid, user.uid) != 0)
    throw_errno("cannot set user id", std::to_string(user.uid));
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& text : strings) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

bool has_key(const std::vector<std::string>& env, const std::string& key) {
  for (const auto& entry : env)
    if (entry.rfind(key + "=", 0) == 0) return true;
  return false;
}

}  // namespace

ResolvedUser resolve_user_in(const std::string& root, const std::string& user) {
  return resolve_user(user, read_text(secure_join(root, "/etc/passwd")),
                      read_text(secure_join(root, "/etc/group")));
}

std::vector<std::string> process_environment(const ContainerSpec& spec, const ResolvedUser& user) {
  std::vector<std::string> env;
  if (!has_key(spec.process.env, "PATH"))
    env.push_back("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  if (!spec.hostname.empty()) env.push_back("HOSTNAME=" + spec.hostname);
  env.insert(env.end(), spec.process.env.begin(), spec.process.env.end());
  if (!has_key(env, "HOME")) env.push_back("HOME=" + user.home);
  return env;
}

std::optional<SeccompProgram> seccomp_program_for(const ContainerSpec& spec) {
  if (spec.privileged || spec.seccomp == "unconfined") return std::nullopt;
  auto policy =
      spec.seccomp != "default"
          ? load_seccomp_profile(spec.seccomp)
          : default_seccomp_policy(container_capabilities(false, spec.cap_add, spec.cap_drop));
  return cached_seccomp_program(policy, spec.seccomp_cache);
}

[[noreturn]] void drop_privileges_and_exec(const ContainerSpec& spec, const ResolvedUser& user,
                                           const std::optional<SeccompProgram>& seccomp) {
  if (spec.process.args.empty()) throw Error("no command to run");
  enter_working_directory(spec.process.cwd);
  auto capabilities = container_capabilities(spec.privileged, spec.cap_add, spec.cap_drop);
  drop_bounding_set(capabilities);
  if (spec.no_new_privileges && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    throw_errno("cannot set no_new_privs");
  // Loaded while CAP_SYS_ADMIN is still held, so it works without no_new_privs too;
  // the policies allow every call made from here to the exec.
  if (seccomp) install_seccomp(*seccomp);
  switch_user(user);
  set_process_capabilities(capabilities);
  ::prctl(PR_SET_PDEATHSIG, 0);
  // Everything the caller left open closes at exec, including the error pipe.
  if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0)
    throw_errno("cannot mark inherited descriptors close-on-exec");
  auto env = process_environment(spec, user);
  auto args = spec.process.args;
  auto argv = pointers(args);
  std::vector<char*> envp = pointers(env);
  environ = envp.data();  // execvp searches the container's PATH
  ::execvp(argv[0], argv.data());
  throw_errno("cannot execute", spec.process.args[0]);
}

ProcessIdentity process_identity_for(const ContainerSpec& spec) {
  return {resolve_user_in(spec.rootfs, spec.process.user), seccomp_program_for(spec)};
}

[[noreturn]] void setup_and_exec(const ContainerSpec& spec, const OpenedNamespaces& opened,
                                 const ProcessIdentity& identity,
                                 const std::function<void()>& before_exec) {
  join_namespaces(spec, opened);
  set_names(spec);
  prepare_rootfs(spec);
  harden_rootfs(spec);
  apply_ulimits(spec.ulimits);
  // Last: from here on the process holds capabilities only inside its own user
  // namespace, and everything above needed the host root's.
  if (opened.user) opened.user->enter();
  before_exec();
  // Once placed in its cgroups (before_exec waits for that): the namespace's
  // root is the cgroup the process is in when it is made.
  if (::unshare(CLONE_NEWCGROUP) != 0) throw_errno("cannot create cgroup namespace");
  drop_privileges_and_exec(spec, identity.user, identity.seccomp);
}

}  // namespace berth::runtime
