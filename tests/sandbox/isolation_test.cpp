// Runs outside the sandbox on purpose: it checks, from the host, that what a
// sandboxed command creates is invisible here and gone afterwards.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/run_command.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct SandboxedShell {
  pid_t pid;
  int from_child;  // the script reports on fd 3
  int to_child;    // and waits for a line on fd 4
};

SandboxedShell start_in_sandbox(const std::string& script) {
  int report[2], release[2];
  EXPECT_EQ(::pipe(report), 0);
  EXPECT_EQ(::pipe(release), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(report[1], 3);
    ::dup2(release[0], 4);
    ::execl(BERTH_SANDBOX_BINARY, BERTH_SANDBOX_BINARY, "/bin/sh", "-c", script.c_str(), nullptr);
    _exit(127);
  }
  ::close(report[1]);
  ::close(release[0]);
  return {pid, report[0], release[1]};
}

std::string read_report(int fd) {
  std::string text;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n') text += c;
  return text;
}

int finish(const SandboxedShell& shell) {
  EXPECT_EQ(::write(shell.to_child, "go\n", 3), 3);
  ::close(shell.to_child);
  ::close(shell.from_child);
  int status = 0;
  ::waitpid(shell.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool host_has_nft_table(const std::string& name) {
  return run_command({"nft", "list", "tables"}).out.find(name) != std::string::npos;
}

class SandboxIsolation : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    suffix_ = std::to_string(::getpid() % 100000);
  }
  std::string suffix_;
};

TEST_F(SandboxIsolation, BridgeTableMountsAndCgroupsStayInsideAndAreRemoved) {
  std::string bridge = "bsbx" + suffix_;
  std::string table = "berth_sbx_" + suffix_;
  auto shell = start_in_sandbox(
      "set -e; ip link add " + bridge + " type bridge; nft add table inet " + table +
      "; ip link show " + bridge + " >/dev/null; nft list table inet " + table +
      " >/dev/null; echo \"$BERTH_SANDBOX $BERTH_CGROUP_PARENT\" >&3; read x <&4");
  std::istringstream report(read_report(shell.from_child));
  std::string scratch, cgroup_parent;
  report >> scratch >> cgroup_parent;
  ASSERT_FALSE(scratch.empty()) << "sandboxed script did not report";

  EXPECT_EQ(::if_nametoindex(bridge.c_str()), 0u) << "bridge leaked into the host namespace";
  EXPECT_FALSE(host_has_nft_table(table)) << "nftables table leaked into the host namespace";
  EXPECT_EQ(read_all("/proc/self/mountinfo").find(scratch), std::string::npos)
      << "sandbox tmpfs visible in the host mount namespace";
  EXPECT_TRUE(fs::is_directory("/sys/fs/cgroup/memory/" + cgroup_parent));

  EXPECT_EQ(finish(shell), 0);
  EXPECT_EQ(::if_nametoindex(bridge.c_str()), 0u);
  EXPECT_FALSE(host_has_nft_table(table));
  EXPECT_FALSE(fs::exists(scratch)) << "scratch dir left behind";
  EXPECT_FALSE(fs::exists("/sys/fs/cgroup/memory/" + cgroup_parent)) << "cgroup left behind";
  EXPECT_FALSE(fs::exists("/sys/fs/cgroup/pids/" + cgroup_parent)) << "cgroup left behind";
}

TEST_F(SandboxIsolation, KilledCommandStillLeavesNothing) {
  auto shell = start_in_sandbox(
      "mkdir /sys/fs/cgroup/pids/$BERTH_CGROUP_PARENT/leaf; sleep 600 & "
      "echo $! > /sys/fs/cgroup/pids/$BERTH_CGROUP_PARENT/leaf/cgroup.procs; "
      "echo \"$BERTH_SANDBOX $BERTH_CGROUP_PARENT\" >&3; read x <&4; kill -9 $$");
  std::istringstream report(read_report(shell.from_child));
  std::string scratch, cgroup_parent;
  report >> scratch >> cgroup_parent;
  ASSERT_FALSE(cgroup_parent.empty());
  std::string procs = read_all("/sys/fs/cgroup/pids/" + cgroup_parent + "/leaf/cgroup.procs");
  EXPECT_FALSE(procs.empty()) << "the orphan should be running in the leaf cgroup";

  EXPECT_EQ(finish(shell), 128 + SIGKILL);
  EXPECT_FALSE(fs::exists("/sys/fs/cgroup/pids/" + cgroup_parent)) << "cgroup left behind";
  EXPECT_FALSE(fs::exists(scratch));
  if (!procs.empty()) {
    pid_t orphan = std::stoi(procs);
    EXPECT_NE(::kill(orphan, 0), 0) << "the sandbox's orphan survived";
  }
}

TEST(SandboxExitStatus, PassesTheCommandsStatusThrough) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  EXPECT_EQ(run_command({BERTH_SANDBOX_BINARY, "/bin/sh", "-c", "exit 7"}).status, 7);
  auto pid_one = run_command({BERTH_SANDBOX_BINARY, "/bin/sh", "-c", "echo $$"});
  EXPECT_EQ(pid_one.out, "2\n") << "the command runs as the first child of the sandbox's init";
}

}  // namespace
}  // namespace berth::testing
