#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "runtime/cgroup_probe.h"
#include "runtime/spec_json.h"
#include "runtime/supervisor.h"
#include "supervised_container.h"
#include "support/process_parent.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::runtime {
namespace {

using namespace testing;

class Supervisor : public ::testing::Test {
 protected:
  void SetUp() override { use_built_supervisor(); }
  void TearDown() override {
    for (const auto& dir : dirs_) cleanup(dir);
  }
  std::string dir(const std::string& id) {
    dirs_.push_back(container_dir(id));
    return dirs_.back();
  }
  std::vector<std::string> dirs_;
};

TEST_F(Supervisor, RecordsExitCodeAndEveryLineInOrder) {
  auto spec = shell_spec("exitcode",
                         "for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done;"
                         "printf partial; exit 3");
  auto started = start_container(spec, dir("exitcode"));
  EXPECT_GT(started.pid, 0);
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dirs_[0]); }));
  auto state = read_container_state(dirs_[0]);
  EXPECT_EQ(state.status, "exited");
  EXPECT_EQ(state.exit_code, 3);
  EXPECT_FALSE(state.oom_killed);
  EXPECT_FALSE(state.started_at.empty());
  EXPECT_GE(state.finished_at, state.started_at);
  std::vector<std::string> out, err;
  for (const auto& entry : read_log(spec.log_path))
    (entry.stream == "stdout" ? out : err).push_back(entry.log);
  EXPECT_EQ(
      out, (std::vector<std::string>{"out1\n", "out2\n", "out3\n", "out4\n", "out5\n", "partial"}));
  EXPECT_EQ(err, (std::vector<std::string>{"err1\n", "err2\n", "err3\n", "err4\n", "err5\n"}));
}

TEST_F(Supervisor, AttachedFirstRunWritesToTheCallersStreamsNotTheLog) {
  int input[2], output[2];
  ASSERT_EQ(::pipe2(input, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(output, O_CLOEXEC), 0);
  UniqueFd input_read(input[0]), input_write(input[1]);
  UniqueFd output_read(output[0]), output_write(output[1]);
  auto spec = shell_spec("attached", "read line; echo got $line; echo err >&2; exit 4");
  start_container(spec, dir("attached"),
                  StdioFds{input_read.get(), output_write.get(), output_write.get(), false});
  input_read.reset();
  output_write.reset();
  ASSERT_EQ(::write(input_write.get(), "typed\n", 6), 6);
  // End of file comes once the process exits: the supervisor keeps no copy.
  std::string seen;
  char buffer[256];
  for (ssize_t got; (got = ::read(output_read.get(), buffer, sizeof buffer)) > 0;)
    seen.append(buffer, static_cast<size_t>(got));
  EXPECT_EQ(seen, "got typed\nerr\n");
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dirs_[0]); }));
  EXPECT_EQ(read_container_state(dirs_[0]).exit_code, 4);
  EXPECT_TRUE(read_log(spec.log_path).empty());
}

// The proportional set size: the process's own pages plus its share of those
// it shares. Every supervisor maps the same executable, and how much of it one
// maps is up to the kernel (it maps a large page-cache folio whole), so its
// text is counted once between the supervisors, as the machine pays for it.
long proportional_kib(pid_t pid) {
  std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
  for (std::string line; std::getline(rollup, line);)
    if (line.rfind("Pss:", 0) == 0) return std::stol(line.substr(4));
  return -1;
}

// The runtime issue's target: a supervisor waiting on its container takes 1 MiB
// of memory or less (conmon about 1.9 MB); so does the init inside the container.
// Two containers, as a stack has several.
TEST_F(Supervisor, SupervisorAndInitStayUnderOneMebibyte) {
  std::vector<StartedContainer> started;
  for (const char* id : {"resident1", "resident2"}) {
    auto spec = shell_spec(id, "sleep 60");
    spec.init = true;
    started.push_back(start_container(spec, dir(id)));
  }
  for (const auto& container : started) {
    EXPECT_TRUE(
        wait_until([&] { return proportional_kib(container.supervisor_pid) <= 1024; }, 2000))
        << proportional_kib(container.supervisor_pid) << " KiB";
    EXPECT_TRUE(wait_until([&] { return proportional_kib(container.pid) <= 1024; }, 2000))
        << proportional_kib(container.pid) << " KiB";
  }
  for (const auto& path : dirs_) stop_container(path, 0);
}

// The supervisor is handed the host's cgroup layout as its caller found it
// (reading the host's mount table, which lists every container's mounts, is
// left to the caller, once), and places the container by it.
TEST_F(Supervisor, IsHandedTheHostsCgroupLayout) {
  auto path = dir("layout");
  auto started = start_container(shell_spec("layout", "sleep 60"), path);
  auto handed = read_spec_file(ContainerFiles{path}.spec()).host_cgroups;
  ASSERT_TRUE(handed.has_value());
  auto probed = probe_cgroups();
  EXPECT_EQ(handed->mode, probed.mode);
  EXPECT_EQ(handed->unified_root, probed.unified_root);
  ASSERT_EQ(handed->controllers.size(), probed.controllers.size());
  for (size_t index = 0; index < probed.controllers.size(); ++index)
    EXPECT_EQ(handed->controllers[index].hierarchy, probed.controllers[index].hierarchy);
  std::ifstream cgroups("/proc/" + std::to_string(started.pid) + "/cgroup");
  std::string placed((std::istreambuf_iterator<char>(cgroups)), {});
  EXPECT_NE(placed.find("/layout"), std::string::npos) << placed;
  stop_container(path, 0);
}

// The process is in its cgroups before its first instruction, and its cgroup
// namespace is rooted there: every hierarchy shows it at "/", as docker's.
TEST_F(Supervisor, ProcessStartsInItsCgroupsSeenAsTheirRoot) {
  auto spec = shell_spec("cgns", "cat /proc/self/cgroup");
  start_container(spec, dir("cgns"));
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dirs_[0]); }));
  std::string seen;
  for (const auto& entry : read_log(spec.log_path)) seen += entry.log;
  std::istringstream lines(seen);
  int hierarchies = 0;
  for (std::string line; std::getline(lines, line); ++hierarchies)
    EXPECT_EQ(line.substr(line.rfind(':')), ":/") << seen;
  EXPECT_GT(hierarchies, 0) << seen;
}

TEST_F(Supervisor, OutlivesItsCallerEvenWhenKilled) {
  auto path = dir("orphan");
  pid_t caller = ::fork();
  if (caller == 0) {
    start_container(shell_spec("orphan", "sleep 60"), path);
    ::kill(::getpid(), SIGKILL);  // the CLI dies the hard way
  }
  int status = 0;
  ::waitpid(caller, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status));
  auto supervisor = find_supervisor(path);
  ASSERT_TRUE(supervisor.has_value());
  EXPECT_NE(*supervisor, caller);
  EXPECT_EQ(read_container_state(path).status, "running");
  stop_container(path, 100);
  EXPECT_FALSE(find_supervisor(path).has_value());
  auto state = read_container_state(path);
  EXPECT_EQ(state.status, "exited");
  EXPECT_EQ(state.exit_code, 128 + SIGKILL);  // sh as PID 1 ignores SIGTERM
}

// The processes whose parent is `parent`.
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> children;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    pid_t pid = std::atoi(entry.path().filename().c_str());
    if (pid > 0 && berth::testing::parent_of(pid) == parent) children.push_back(pid);
  }
  return children;
}

// The supervisor of a pending start builds the container (its process exists)
// but runs nothing of the user's until start().
pid_t await_built_container(const std::string& path) {
  pid_t child = 0;
  wait_until([&] {
    auto supervisor = find_supervisor(path);
    if (!supervisor) return false;
    auto children = children_of(*supervisor);
    if (children.empty()) return false;
    child = children.front();
    return true;
  });
  return child;
}

TEST_F(Supervisor, PendingContainerIsBuiltButRunsItsProgramOnlyOnStart) {
  auto path = dir("pending");
  auto spec = shell_spec("pending", "echo ran; sleep 60");
  PendingStart pending(spec, path);
  pid_t built = await_built_container(path);
  ASSERT_GT(built, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_TRUE(read_log(spec.log_path).empty());
  EXPECT_FALSE(std::filesystem::exists(ContainerFiles{path}.state()));
  auto started = pending.start();
  EXPECT_EQ(started.pid, built);
  EXPECT_TRUE(wait_until([&] { return !read_log(spec.log_path).empty(); }));
  EXPECT_EQ(read_log(spec.log_path).front().log, "ran\n");
  EXPECT_EQ(read_container_state(path).status, "running");
}

TEST_F(Supervisor, PendingContainerDroppedUnstartedIsTornDownAndStaysCreated) {
  auto path = dir("dropped");
  auto spec = shell_spec("dropped", "echo ran; sleep 60");
  pid_t built = 0;
  {
    PendingStart pending(spec, path);
    built = await_built_container(path);
    ASSERT_GT(built, 0);
  }
  EXPECT_TRUE(wait_until([&] { return supervisor_gone(path); }));
  EXPECT_TRUE(wait_until([&] { return ::kill(built, 0) != 0; }));
  EXPECT_TRUE(read_log(spec.log_path).empty());
  EXPECT_FALSE(std::filesystem::exists(ContainerFiles{path}.state()));
  EXPECT_TRUE(std::filesystem::exists(ContainerFiles{path}.spec()));
}

TEST_F(Supervisor, FailedStartIsReported) {
  auto spec = shell_spec("nocmd", "");
  spec.process.args = {"/no/such/program"};
  try {
    start_container(spec, dir("nocmd"));
    FAIL() << "started a missing program";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("/no/such/program"), std::string::npos)
        << error.what();
  }
}

TEST_F(Supervisor, OnFailureRestartsUpToItsLimit) {
  auto spec = shell_spec("onfailure", "echo run; exit 2");
  spec.restart = {RestartPolicy::Kind::on_failure, 2};
  start_container(spec, dir("onfailure"));
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dirs_[0]); }));
  auto state = read_container_state(dirs_[0]);
  EXPECT_EQ(state.restart_count, 2);
  EXPECT_EQ(state.exit_code, 2);
  EXPECT_EQ(read_log(spec.log_path).size(), 3u);
}

TEST_F(Supervisor, AlwaysRestartsEvenOnSuccessUntilStopped) {
  auto spec = shell_spec("always", "exit 0");
  spec.restart = {RestartPolicy::Kind::always, 0};
  start_container(spec, dir("always"));
  // Back-off: 100, 200, 400 ms ... so three restarts take well under two seconds.
  ASSERT_TRUE(wait_until([&] { return read_container_state(dirs_[0]).restart_count >= 3; }));
  stop_container(dirs_[0], 0);
  EXPECT_EQ(read_container_state(dirs_[0]).status, "exited");
}

TEST_F(Supervisor, NoRestartAfterSuccessWithOnFailure) {
  auto spec = shell_spec("success", "exit 0");
  spec.restart = {RestartPolicy::Kind::on_failure, 0};
  start_container(spec, dir("success"));
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dirs_[0]); }));
  EXPECT_EQ(read_container_state(dirs_[0]).restart_count, 0);
}

TEST_F(Supervisor, HealthcheckGoesStartingHealthyUnhealthy) {
  auto spec = shell_spec("health", "sleep 0.3; touch /tmp/ok; sleep 1; rm /tmp/ok; sleep 60");
  spec.healthcheck =
      HealthcheckSpec{{"CMD-SHELL", "echo probing; test -f /tmp/ok"}, 50, 1000, 2, 0, 50};
  start_container(spec, dir("health"));
  EXPECT_EQ(read_container_state(dirs_[0]).health, "starting");
  ASSERT_TRUE(wait_until([&] { return read_container_state(dirs_[0]).health == "healthy"; }));
  ASSERT_TRUE(wait_until([&] { return read_container_state(dirs_[0]).health == "unhealthy"; }));
  auto state = read_container_state(dirs_[0]);
  EXPECT_GE(state.failing_streak, 2);
  ASSERT_FALSE(state.health_log.empty());
  EXPECT_EQ(state.health_log.back().output, "probing\n");
  EXPECT_EQ(state.health_log.back().exit_code, 1);
}

TEST_F(Supervisor, OomKillIsRecorded) {
  auto spec = shell_spec("oom", "x=$(head -c 100000000 /dev/zero | tr '\\0' a)");
  spec.resources.memory = 32 << 20;
  spec.resources.memory_swap = 32 << 20;
  start_container(spec, dir("oom"));
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dirs_[0]); }));
  auto state = read_container_state(dirs_[0]);
  EXPECT_TRUE(state.oom_killed);
  EXPECT_EQ(state.exit_code, 128 + SIGKILL);
}

TEST_F(Supervisor, SharesThePidAndIpcNamespacesOfARunningContainer) {
  auto donor = dir("donor");
  auto donor_pid = start_container(shell_spec("donor", "exec sleep 60"), donor).pid;
  auto spec =
      shell_spec("joiner", "tr '\\0' ' ' < /proc/1/cmdline; echo; readlink /proc/self/ns/ipc");
  spec.pid_namespace = {NamespaceShare::Kind::container, donor};
  spec.ipc_namespace = {NamespaceShare::Kind::container, donor};
  start_container(spec, dir("joiner"));
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dirs_[1]); }));
  auto lines = read_log(container_dir("joiner") + "/json.log");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].log, "sleep 60 \n");
  auto donor_ipc = std::filesystem::read_symlink("/proc/" + std::to_string(donor_pid) + "/ns/ipc");
  EXPECT_EQ(lines[1].log, donor_ipc.string() + "\n");
}

TEST_F(Supervisor, SharingTheNamespaceOfAStoppedContainerFailsNamingIt) {
  auto spec = shell_spec("lonely", "true");
  spec.pid_namespace = {NamespaceShare::Kind::container, container_dir("gone")};
  try {
    start_container(spec, dir("lonely"));
    FAIL() << "started";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not running 'gone'"), std::string::npos) << e.what();
  }
}

TEST_F(Supervisor, WithoutItsOwnPidNamespaceWhatTheProcessLeftIsKilledWithIt) {
  auto spec = shell_spec("leaver", "sleep 61 & echo $!");
  spec.pid_namespace.kind = NamespaceShare::Kind::host;
  start_container(spec, dir("leaver"));
  ASSERT_TRUE(wait_until([&] { return supervisor_gone(dirs_[0]); }));
  auto lines = read_log(container_dir("leaver") + "/json.log");
  ASSERT_EQ(lines.size(), 1u);
  // Its pid is the host's: the background sleep is gone with the container
  // (at most a zombie its new parent has yet to reap).
  auto stat_file = "/proc/" + lines[0].log.substr(0, lines[0].log.size() - 1) + "/stat";
  auto alive = [&] {
    std::ifstream stat(stat_file);
    std::string pid, command, state;
    return static_cast<bool>(stat >> pid >> command >> state) && state != "Z";
  };
  EXPECT_TRUE(wait_until([&] { return !alive(); })) << stat_file;
}

}  // namespace
}  // namespace berth::runtime
