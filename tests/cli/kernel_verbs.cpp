// End to end: the verbs that act on a running stack (logs, attached up, stop,
// start, kill, pause, rm, wait, exec, port, top, ls) through the real binary.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/berth_cli.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

const char* kVerbsStack = R"(name: verbs
services:
  server:
    image: localhost/test/busybox:1
    init: true
    command: ["sh", "-c", "echo one; echo two; echo three; exec httpd -f -p 80 -h /"]
    environment:
      GREETING: hello
    working_dir: /etc
    ports:
      - "127.0.0.1:18081:80"
  talker:
    image: localhost/test/busybox:1
    init: true
    command: ["sh", "-c", "for i in 1 2 3 4 5; do echo tick $$i; sleep 0.3; done"]
)";

class Verbs : public ::testing::Test {
 protected:
  void SetUp() override {
    import_busybox_image();
    dir_ = fs::path(std::getenv("BERTH_SANDBOX")) / "verbs";
    fs::create_directories(dir_);
    write_stack(kVerbsStack);
  }

  void TearDown() override { compose({"down", "-v", "-t", "0"}); }

  void write_stack(const std::string& text) { std::ofstream(dir_ / "compose.yaml") << text; }
  std::vector<std::string> compose_args(std::vector<std::string> args) {
    return compose_argv(dir_ / "compose.yaml", std::move(args));
  }
  CommandResult compose(std::vector<std::string> args) {
    return testing::compose(dir_ / "compose.yaml", std::move(args));
  }

  // Service -> the ps --format json object of its first container.
  std::map<std::string, nlohmann::json> containers() {
    std::map<std::string, nlohmann::json> by_service;
    for (auto& container : ps_json(dir_ / "compose.yaml"))
      by_service.emplace(container["Service"].get<std::string>(), container);
    return by_service;
  }

  std::string state_of(const std::string& service) {
    auto listed = containers();
    return listed.count(service) ? listed[service]["State"].get<std::string>() : "missing";
  }

  fs::path dir_;
};

TEST_F(Verbs, LogsPrefixesTailsAndOrdersTheOutput) {
  ASSERT_EQ(compose({"up", "-d", "--wait", "server"}).status, 0);
  ASSERT_TRUE(eventually([&] {
    return compose({"logs", "server"}).out.find("three") != std::string::npos;
  }));

  auto all = compose({"logs", "server"});
  ASSERT_EQ(all.status, 0) << all.err;
  EXPECT_EQ(lines_of(all.out), (std::vector<std::string>{
                                   "verbs-server-1  | one",
                                   "verbs-server-1  | two",
                                   "verbs-server-1  | three",
                               }));

  auto tail = compose({"logs", "-n", "1", "--no-log-prefix", "server"});
  ASSERT_EQ(tail.status, 0) << tail.err;
  EXPECT_EQ(tail.out, "three\n");

  auto stamped = compose({"logs", "-t", "--tail", "1", "server"});
  EXPECT_NE(stamped.out.find("Z three"), std::string::npos) << stamped.out;

  auto future = compose({"logs", "--since", "2999-01-01T00:00:00Z", "server"});
  EXPECT_EQ(future.out, "");
  auto recent = compose({"logs", "--since", "1h", "--no-log-prefix", "server"});
  EXPECT_EQ(recent.out, "one\ntwo\nthree\n");
}

TEST_F(Verbs, LogsFollowStreamsUntilTheContainersStop) {
  ASSERT_EQ(compose({"up", "-d", "talker"}).status, 0);
  auto followed = compose({"logs", "-f", "--no-log-prefix", "talker"});
  ASSERT_EQ(followed.status, 0) << followed.err;
  EXPECT_EQ(followed.out, "tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n");
}

TEST_F(Verbs, AttachedUpStreamsOutputAndPassesTheExitCodeThrough) {
  std::string stack = kVerbsStack;
  stack += R"(  job:
    image: localhost/test/busybox:1
    init: true
    command: ["sh", "-c", "sleep 0.5; echo working; exit 3"]
)";
  write_stack(stack);
  auto up = compose({"up", "--exit-code-from", "job", "--no-attach", "talker"});
  EXPECT_EQ(up.status, 3) << up.err;
  EXPECT_NE(up.out.find("verbs-job-1     | working"), std::string::npos) << up.out;
  EXPECT_NE(up.out.find("verbs-server-1  | one"), std::string::npos) << up.out;
  EXPECT_EQ(up.out.find("tick"), std::string::npos) << up.out;
  // The stack was stopped, not removed.
  auto listed = containers();
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed["server"]["State"], "exited");
}

TEST_F(Verbs, AttachedUpEndsWhenEveryContainerHasExited) {
  auto up = compose({"up", "--no-color", "talker"});
  EXPECT_EQ(up.status, 0) << up.err;
  EXPECT_NE(up.out.find("verbs-talker-1  | tick 5\nverbs-talker-1  | exited with code 0"),
            std::string::npos)
      << up.out;
}

TEST_F(Verbs, AttachedUpStopsTheStackGracefullyOnSigterm) {
  auto output = dir_ / "up.out";
  auto args = compose_args({"up", "server"});
  pid_t up = ::fork();
  ASSERT_GE(up, 0);
  if (up == 0) {
    int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  EXPECT_TRUE(eventually([&] {
    std::ifstream in(output);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.find("| three") != std::string::npos;
  }));
  EXPECT_EQ(state_of("server"), "running");
  ::kill(up, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(up, &status, 0), up);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  EXPECT_EQ(state_of("server"), "exited");
}

TEST_F(Verbs, StopStartRestartKillPauseAndRemove) {
  ASSERT_EQ(compose({"up", "-d", "--wait", "server"}).status, 0);

  auto stop = compose({"stop", "-t", "5", "server"});
  ASSERT_EQ(stop.status, 0) << stop.err;
  EXPECT_EQ(state_of("server"), "exited");

  auto start = compose({"start"});
  ASSERT_EQ(start.status, 0) << start.err;
  EXPECT_EQ(state_of("server"), "running");

  auto restart = compose({"restart", "server"});
  ASSERT_EQ(restart.status, 0) << restart.err;
  EXPECT_EQ(state_of("server"), "running");

  ASSERT_EQ(compose({"pause", "server"}).status, 0);
  EXPECT_EQ(state_of("server"), "paused");
  ASSERT_EQ(compose({"unpause", "server"}).status, 0);
  EXPECT_EQ(state_of("server"), "running");

  auto kill = compose({"kill", "-s", "SIGKILL", "server"});
  ASSERT_EQ(kill.status, 0) << kill.err;
  ASSERT_TRUE(eventually([&] { return state_of("server") == "exited"; }));
  EXPECT_EQ(containers()["server"]["ExitCode"], 137);

  ASSERT_EQ(compose({"start", "server"}).status, 0);
  ASSERT_EQ(compose({"rm", "-f"}).status, 0);
  EXPECT_EQ(state_of("server"), "running") << "rm without -s keeps running containers";
  ASSERT_EQ(compose({"rm", "-f", "-s", "server"}).status, 0);
  EXPECT_EQ(state_of("server"), "missing");

  EXPECT_NE(compose({"stop", "nosuch"}).status, 0);
}

TEST_F(Verbs, WaitPrintsTheExitCode) {
  std::string stack = kVerbsStack;
  stack += R"(  job:
    image: localhost/test/busybox:1
    init: true
    command: ["sh", "-c", "sleep 0.5; exit 7"]
)";
  write_stack(stack);
  ASSERT_EQ(compose({"up", "-d", "job"}).status, 0);
  auto waited = compose({"wait", "job"});
  ASSERT_EQ(waited.status, 0) << waited.err;
  EXPECT_EQ(waited.out, "7\n");
}

TEST_F(Verbs, ExecRunsInTheContainerWithItsEnvironment) {
  ASSERT_EQ(compose({"up", "-d", "--wait", "server"}).status, 0);
  auto env = compose({"exec", "-T", "-e", "EXTRA=more", "server", "sh", "-c",
                      "echo $GREETING $EXTRA $(pwd); exit 5"});
  EXPECT_EQ(env.status, 5) << env.err;
  EXPECT_EQ(env.out, "hello more /etc\n");

  auto workdir = compose({"exec", "-T", "-w", "/tmp", "server", "pwd"});
  EXPECT_EQ(workdir.status, 0) << workdir.err;
  EXPECT_EQ(workdir.out, "/tmp\n");

  EXPECT_NE(compose({"exec", "-T", "--index", "2", "server", "true"}).status, 0);
}

// On a terminal (script(1) gives one), exec's terminal is one of the container's
// own /dev/pts, as docker's exec -it: ttyname and `tty` work inside.
TEST_F(Verbs, ExecOnATerminalGetsOneOfTheContainersOwnTerminals) {
  ASSERT_EQ(compose({"up", "-d", "--wait", "server"}).status, 0);
  std::string command = std::string(BERTH_BINARY) + " exec --file " +
                        (dir_ / "compose.yaml").string() + " server sh -c 'tty; ls /dev/pts'";
  auto result = run_command({"script", "-qec", command, "/dev/null"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("/dev/pts/0"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("not a tty"), std::string::npos) << result.out;
}

// `berth images` is docker's listing of the store; with a project or services
// named it is compose's, one row per container.
TEST_F(Verbs, ImagesListsTheStoreOrTheProjectsContainers) {
  ASSERT_EQ(compose({"up", "-d", "--no-start"}).status, 0);
  auto store = berth({"images"});
  ASSERT_EQ(store.status, 0) << store.err;
  EXPECT_EQ(store.out.rfind("REPOSITORY", 0), 0u) << store.out;

  auto project = compose({"images"});
  ASSERT_EQ(project.status, 0) << project.err;
  std::istringstream lines(project.out);
  std::string header, first, second, extra;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(header.rfind("CONTAINER", 0), 0u) << project.out;
  EXPECT_EQ(first.rfind("verbs-server-1 ", 0), 0u) << project.out;
  EXPECT_NE(first.find("localhost/test/busybox"), std::string::npos) << project.out;
  EXPECT_EQ(second.rfind("verbs-talker-1 ", 0), 0u) << project.out;
  EXPECT_FALSE(std::getline(lines, extra)) << project.out;

  auto one = compose({"images", "--format", "json", "talker"});
  ASSERT_EQ(one.status, 0) << one.err;
  auto rows = nlohmann::json::parse(one.out);
  ASSERT_EQ(rows.size(), 1u) << one.out;
  EXPECT_EQ(rows[0]["ContainerName"], "verbs-talker-1");
  EXPECT_EQ(rows[0]["Tag"], "1");
  EXPECT_EQ(rows[0]["ID"].get<std::string>().rfind("sha256:", 0), 0u);
}

TEST_F(Verbs, PortTopAndLsDescribeTheRunningStack) {
  ASSERT_EQ(compose({"up", "-d", "--wait", "server"}).status, 0);

  auto port = compose({"port", "server", "80"});
  ASSERT_EQ(port.status, 0) << port.err;
  EXPECT_EQ(port.out, "127.0.0.1:18081\n");
  EXPECT_NE(compose({"port", "server", "81"}).status, 0);

  auto top = compose({"top", "server"});
  ASSERT_EQ(top.status, 0) << top.err;
  EXPECT_NE(top.out.find("httpd -f -p 80"), std::string::npos) << top.out;

  auto ls = berth({"ls"});
  ASSERT_EQ(ls.status, 0) << ls.err;
  EXPECT_NE(ls.out.find("verbs"), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find("running(1)"), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find("compose.yaml"), std::string::npos) << ls.out;

  ASSERT_EQ(compose({"stop"}).status, 0);
  EXPECT_EQ(berth({"ls"}).out.find("verbs"), std::string::npos);
  EXPECT_NE(berth({"ls", "-a"}).out.find("exited(1)"), std::string::npos);
}

}  // namespace
}  // namespace berth::testing
