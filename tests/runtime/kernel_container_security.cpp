#include <errno.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "container_runner.h"
#include "runtime/seccomp_policy.h"

namespace berth::runtime {
namespace {

using testing::run_in_container;

std::string status_field(const std::string& status, const std::string& key) {
  auto start = status.find(key + ":\t");
  if (start == std::string::npos) return {};
  start += key.size() + 2;
  return status.substr(start, status.find('\n', start) - start);
}

TEST(ContainerSecurity, RootGetsDockersDefaultCapabilities) {
  auto status = run_in_container({}, "cat /proc/self/status").out;
  // CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW
  // SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP: no CAP_SYS_ADMIN (bit 21).
  EXPECT_EQ(status_field(status, "CapEff"), "00000000a80425fb");
  EXPECT_EQ(status_field(status, "CapBnd"), "00000000a80425fb");
  EXPECT_EQ(status_field(status, "CapInh"), "0000000000000000");
  EXPECT_EQ(status_field(status, "Seccomp"), "2");
  EXPECT_EQ(status_field(status, "NoNewPrivs"), "0");
}

TEST(ContainerSecurity, CapAddDropAndNoNewPrivileges) {
  ContainerSpec spec;
  spec.cap_drop = {"ALL"};
  spec.cap_add = {"NET_ADMIN"};
  spec.no_new_privileges = true;
  auto status = run_in_container(spec, "cat /proc/self/status").out;
  EXPECT_EQ(status_field(status, "CapEff"), "0000000000001000");
  EXPECT_EQ(status_field(status, "NoNewPrivs"), "1");
}

TEST(ContainerSecurity, NonRootUserHoldsNoCapabilities) {
  ContainerSpec spec;
  spec.process.user = "app";
  auto status = run_in_container(spec, "cat /proc/self/status").out;
  EXPECT_EQ(status_field(status, "CapEff"), "0000000000000000");
  EXPECT_EQ(status_field(status, "CapBnd"), "00000000a80425fb");
}

TEST(ContainerSecurity, AUserNamespacesRootHoldsCapabilitiesOverItsOwnIdsOnly) {
  ContainerSpec spec;
  spec.user_namespace = IdMapping{300000, 400000, 65536};
  // Docker's set, but inside the namespace: the host root's files (this
  // rootfs is a plain directory of them) are nobody's there, so not writable.
  auto result = run_in_container(spec,
                                 "awk '{print $1, $2, $3}' /proc/self/uid_map /proc/self/gid_map; "
                                 "id -u; stat -c %u /bin; grep CapEff /proc/self/status; "
                                 "touch /made-here 2>/dev/null || echo refused");
  EXPECT_EQ(result.out,
            "0 300000 65536\n0 400000 65536\n0\n65534\nCapEff:\t00000000a80425fb\nrefused\n")
      << "status " << result.status;
}

TEST(ContainerSecurity, PrivilegedHasEverythingAndNoFilter) {
  ContainerSpec spec;
  spec.privileged = true;
  auto status = run_in_container(spec, "cat /proc/self/status").out;
  EXPECT_EQ(status_field(status, "Seccomp"), "0");
  EXPECT_NE(std::stoull(status_field(status, "CapEff"), nullptr, 16) & (1ULL << 21), 0u);
}

TEST(ContainerSecurity, MountAndUserNamespacesAreRefused) {
  auto result = run_in_container({},
                                 "mount -t tmpfs none /tmp 2>/dev/null || echo no-mount;"
                                 "unshare -U true 2>/dev/null || echo no-userns; unshare -n true "
                                 "2>/dev/null || echo no-netns");
  EXPECT_EQ(result.out, "no-mount\nno-userns\nno-netns\n");
}

TEST(ContainerSecurity, ACachedProgramEnforcesThePolicyAsACompiledOne) {
  ContainerSpec spec;
  spec.seccomp_cache = (std::filesystem::path(std::getenv("BERTH_SANDBOX")) / "seccomp").string();
  const char* script =
      "mount -t tmpfs none /tmp 2>/dev/null || echo no-mount; unshare -U true 2>/dev/null || "
      "echo no-userns";
  EXPECT_EQ(run_in_container(spec, script).out, "no-mount\nno-userns\n");  // compiled, stored
  ASSERT_EQ(std::distance(std::filesystem::directory_iterator(spec.seccomp_cache),
                          std::filesystem::directory_iterator()),
            1);
  EXPECT_EQ(run_in_container(spec, script).out, "no-mount\nno-userns\n");  // read back
}

TEST(ContainerSecurity, ProfileFileIsReadFromTheHostNotFromTheImage) {
  // Every syscall the default policy allows, except mkdir: a profile on the host
  // that the image cannot know of.
  std::string names;
  for (const auto& rule : default_seccomp_policy(container_capabilities(false, {}, {})).rules)
    for (const auto& name : rule.syscalls)
      if (rule.allow && name != "mkdir" && name != "mkdirat")
        names += (names.empty() ? "\"" : ", \"") + name + "\"";
  auto profile = std::filesystem::path(std::getenv("BERTH_SANDBOX")) / "no-mkdir.json";
  std::ofstream(profile) << R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [)"
                         << names << R"(], "action": "SCMP_ACT_ALLOW"}]})";
  ContainerSpec spec;
  spec.seccomp = profile.string();
  auto result = run_in_container(spec, "mkdir /tmp/made 2>/dev/null && echo made || echo refused");
  EXPECT_EQ(result.out, "refused\n");
}

TEST(ContainerSecurity, UnconfinedAllowsUserNamespaces) {
  ContainerSpec spec;
  spec.seccomp = "unconfined";
  auto result = run_in_container(spec, "unshare -U true && echo userns");
  EXPECT_EQ(result.out, "userns\n");
}

// The default policy itself, applied in a child of the test: each call must fail with
// EPERM even though the child is still fully privileged root.
int errno_under_default_policy(const std::function<long()>& call) {
  pid_t child = ::fork();
  if (child == 0) {
    install_seccomp(compile_seccomp(default_seccomp_policy(container_capabilities(false, {}, {}))));
    _exit(call() == -1 ? errno : 0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ContainerSecurity, DefaultPolicyDeniesWhatDockerDenies) {
  EXPECT_EQ(errno_under_default_policy([] { return ::syscall(SYS_keyctl, 0, 0, 0, 0, 0); }), EPERM);
  EXPECT_EQ(errno_under_default_policy(
                [] { return static_cast<long>(::mount("none", "/mnt", "tmpfs", 0, nullptr)); }),
            EPERM);
  EXPECT_EQ(errno_under_default_policy([] { return static_cast<long>(::unshare(CLONE_NEWUSER)); }),
            EPERM);
  EXPECT_EQ(errno_under_default_policy(
                [] { return ::syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0); }),
            EPERM);
  EXPECT_EQ(errno_under_default_policy([] { return static_cast<long>(::getpid() > 0 ? 0 : -1); }),
            0);
}

TEST(ContainerSecurity, OnlyStandardStreamsAreOpen) {
  // Listed from another process (no pipe: the shell holds nothing else), so the
  // listing's own handle does not count.
  auto result = run_in_container({}, "ls /proc/1/fd; true");
  EXPECT_EQ(result.out, "0\n1\n2\n");
}

}  // namespace
}  // namespace berth::runtime
