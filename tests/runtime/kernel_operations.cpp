#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "runtime/cgroup_driver.h"
#include "supervised_container.h"
#include "util/error.h"

namespace berth::runtime {
namespace {

using namespace testing;

class Operations : public ::testing::Test {
 protected:
  void SetUp() override { use_built_supervisor(); }
  void TearDown() override {
    for (const auto& dir : dirs_) cleanup(dir);
  }
  std::string start(const ContainerSpec& spec) {
    dirs_.push_back(container_dir(spec.id));
    start_container(spec, dirs_.back());
    return dirs_.back();
  }
  std::vector<std::string> dirs_;
};

struct Captured {
  int code;
  std::string out;
};

Captured exec_capture(const std::string& dir, ProcessSpec process, bool privileged = false) {
  int out[2];
  EXPECT_EQ(::pipe2(out, O_CLOEXEC), 0);
  int code = exec_in_container(dir, process, StdioFds{-1, out[1], out[1]}, privileged);
  ::close(out[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t length; (length = ::read(out[0], buffer, sizeof(buffer))) > 0;)
    text.append(buffer, length);
  ::close(out[0]);
  return {code, text};
}

TEST_F(Operations, StopSignalThenKillAfterGrace) {
  auto spec = shell_spec("stopgrace",
                         "trap 'echo got-term' TERM; echo ready; while true; do sleep 0.05; done");
  spec.init = true;  // sh is not PID 1, so TERM reaches its trap
  auto dir = start(spec);
  // A signal that reaches the init before it set itself up is lost, as under docker.
  ASSERT_TRUE(wait_until([&] { return !read_log(spec.log_path).empty(); }));
  auto begin = std::chrono::steady_clock::now();
  stop_container(dir, 300);
  auto elapsed = std::chrono::steady_clock::now() - begin;
  EXPECT_GE(elapsed, std::chrono::milliseconds(250));
  auto state = read_container_state(dir);
  EXPECT_EQ(state.exit_code, 128 + SIGKILL);
  auto log = read_log(spec.log_path);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back().log, "got-term\n");
}

TEST_F(Operations, InitForwardsSignalsAndReapsZombies) {
  auto spec = shell_spec("init", "(sleep 0.01 &) ; sleep 0.2; ps -o pid,comm; sleep 60");
  spec.init = true;
  auto dir = start(spec);
  ASSERT_TRUE(wait_until([&] { return read_log(spec.log_path).size() >= 3; }));
  auto log = read_log(spec.log_path);
  EXPECT_NE(log[1].log.find("berth-init"), std::string::npos) << log[1].log;  // PID 1
  for (const auto& entry : log) EXPECT_EQ(entry.log.find("defunct"), std::string::npos);
  stop_container(dir, 5000);  // TERM is forwarded: sh dies long before the grace ends
  EXPECT_EQ(read_container_state(dir).exit_code, 128 + SIGTERM);
}

TEST_F(Operations, KillSendsAnySignal) {
  auto dir = start(shell_spec("kill", "sleep 60"));
  kill_container(dir, SIGKILL);
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dir); }));
  EXPECT_EQ(read_container_state(dir).exit_code, 128 + SIGKILL);
}

TEST_F(Operations, PauseFreezesEveryProcess) {
  auto spec = shell_spec("pause", "while true; do echo tick; sleep 0.02; done");
  auto dir = start(spec);
  ASSERT_TRUE(wait_until([&] { return !read_log(spec.log_path).empty(); }));
  pause_container(dir, true);
  EXPECT_EQ(read_container_state(dir).status, "paused");
  auto frozen = read_log(spec.log_path).size();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(read_log(spec.log_path).size(), frozen);
  pause_container(dir, false);
  ASSERT_TRUE(wait_until([&] { return read_log(spec.log_path).size() > frozen + 2; }));
}

TEST_F(Operations, ExecRunsInsideWithTheContainersIdentity) {
  auto spec = shell_spec("exec", "sleep 60");
  spec.hostname = "inside";
  spec.process.user = "app";
  spec.process.env = {"FROM_SPEC=1"};
  auto dir = start(spec);
  ProcessSpec process;
  process.args = {"/bin/sh", "-c",
                  "hostname; id -u; pwd; echo $FROM_SPEC$EXTRA; cat /proc/1/comm;"
                  "grep CapEff /proc/self/status; exit 7"};
  process.env = {"FROM_SPEC=1", "EXTRA=x"};
  process.cwd = "/tmp";
  auto result = exec_capture(dir, process);
  EXPECT_EQ(result.code, 7);
  EXPECT_EQ(result.out, "inside\n1000\n/tmp\n1x\nsleep\nCapEff:\t0000000000000000\n");
  process.user = "root";
  process.args = {"/bin/sh", "-c", "grep CapEff /proc/self/status"};
  EXPECT_EQ(exec_capture(dir, process, true).out.find("00000000a80425fb"), std::string::npos);
  EXPECT_NE(exec_capture(dir, process).out.find("00000000a80425fb"), std::string::npos);
}

TEST_F(Operations, ExecInStoppedContainerFails) {
  auto dir = start(shell_spec("gone", "exit 0"));
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dir); }));
  ProcessSpec process;
  process.args = {"true"};
  EXPECT_THROW(exec_in_container(dir, process, {}), Error);
}

TEST_F(Operations, InitBinaryCannotBeWrittenFromInside) {
  auto spec = shell_spec("initro", "echo x >> /sbin/berth-init && echo wrote; true");
  spec.init = true;
  spec.process.user = "root";
  start(spec);
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dirs_.back()); }));
  for (const auto& entry : read_log(spec.log_path)) EXPECT_NE(entry.log, "wrote\n");
}

}  // namespace
}  // namespace berth::runtime
