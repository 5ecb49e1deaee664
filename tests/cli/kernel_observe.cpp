// End to end: the verbs that look into a stack (cp, stats, events, attach) through
// the real binary.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/berth_cli.h"

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

// `box` prepares a tree and links that point out of it (to "/", above "/", and to
// the host path of the test's directory, which the container has too, empty).
std::string stack_text(const fs::path& dir) {
  std::string host_dir = dir.string();
  return R"(name: observe
services:
  box:
    image: localhost/test/busybox:1
    init: true
    command:
      - sh
      - -c
      - >-
        mkdir -p /srv/tree/sub )" +
         host_dir + R"( && echo inner > /srv/tree/sub/f && echo top > /srv/tree/t &&
        chown 1000:1000 /srv/tree/t && ln -sfn / /srv/escape && ln -sfn ../../../../../.. /srv/up &&
        ln -sfn )" +
         host_dir + R"( /srv/hostdir && ln -sfn /srv/tree/t /srv/link && mkdir -p /srv/special &&
        mknod /srv/special/disk b 7 0 2>/dev/null; echo x > /srv/special/suid &&
        chmod 4755 /srv/special/suid && touch /ready &&
        exec sleep 1000
    healthcheck:
      test: ["CMD", "test", "-e", "/ready"]
      interval: 300ms
    volumes:
      - ./data:/data
  burner:
    image: localhost/test/busybox:1
    init: true
    cpus: 0.5
    mem_limit: 64m
    command:
      - sh
      - -c
      - >-
        ping -c 3 -i 0.2 $$(ip route | awk '/default/ {print $$3}') > /dev/null;
        touch /pinged; while :; do :; done
  talker:
    image: localhost/test/busybox:1
    init: true
    stdin_open: true
    command:
      - sh
      - -c
      - sleep 0.7; for i in 1 2 3; do echo tick $$i; echo warn $$i >&2; sleep 0.2; done; exit 3
)";
}

class Observe : public ::testing::Test {
 protected:
  void SetUp() override {
    import_busybox_image();
    dir_ = fs::path(std::getenv("BERTH_SANDBOX")) / "observe";
    fs::create_directories(dir_ / "data");
    std::ofstream(dir_ / "compose.yaml") << stack_text(dir_);
    std::ofstream(dir_ / "host-only") << "host secret\n";
  }

  void TearDown() override { compose({"down", "-v", "-t", "0"}); }

  CommandResult compose(std::vector<std::string> args) {
    return testing::compose(dir_ / "compose.yaml", std::move(args));
  }

  void start_box() {
    auto up = compose({"up", "-d", "box"});
    ASSERT_EQ(up.status, 0) << up.err;
    ASSERT_TRUE(eventually([&] {
      return compose({"exec", "-T", "box", "test", "-e", "/ready"}).status == 0;
    }));
  }

  std::string inside(const std::string& script) {
    return compose({"exec", "-T", "box", "sh", "-c", script}).out;
  }

  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static uid_t owner_of(const fs::path& path) {
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0 ? info.st_uid : static_cast<uid_t>(-1);
  }

  // Runs `berth ARGS... --file <stack>` in the background with its output in `output`.
  pid_t spawn_berth(std::vector<std::string> args, const fs::path& output) {
    auto argv = compose_argv(dir_ / "compose.yaml", std::move(args));
    pid_t pid = ::fork();
    if (pid == 0) {
      int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      std::vector<char*> raw;
      for (auto& arg : argv) raw.push_back(arg.data());
      raw.push_back(nullptr);
      ::execv(raw[0], raw.data());
      _exit(127);
    }
    return pid;
  }

  static void end(pid_t pid) {
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  }

  fs::path dir_;
};

TEST_F(Observe, CpCopiesFilesAndDirectoriesOutOfTheContainer) {
  start_box();
  auto file = compose({"cp", "box:/srv/tree/t", (dir_ / "t.txt").string()});
  ASSERT_EQ(file.status, 0) << file.err;
  EXPECT_EQ(read(dir_ / "t.txt"), "top\n");
  EXPECT_EQ(owner_of(dir_ / "t.txt"), ::getuid());

  ASSERT_EQ(compose({"cp", "-a", "box:srv/tree/t", (dir_ / "kept.txt").string()}).status, 0);
  EXPECT_EQ(owner_of(dir_ / "kept.txt"), 1000u);

  // A missing destination becomes the directory; an existing one receives it.
  ASSERT_EQ(compose({"cp", "box:/srv/tree", (dir_ / "copy").string()}).status, 0);
  EXPECT_EQ(read(dir_ / "copy/sub/f"), "inner\n");
  ASSERT_EQ(compose({"cp", "box:/srv/tree", (dir_ / "copy").string()}).status, 0);
  EXPECT_EQ(read(dir_ / "copy/tree/t"), "top\n");
  fs::create_directories(dir_ / "contents");
  ASSERT_EQ(compose({"cp", "box:/srv/tree/.", (dir_ / "contents").string()}).status, 0);
  EXPECT_EQ(read(dir_ / "contents/t"), "top\n");

  // A link is copied as a link, or with -L as what it points to, under its own name.
  ASSERT_EQ(compose({"cp", "box:/srv/link", (dir_ / "link").string()}).status, 0);
  EXPECT_EQ(fs::read_symlink(dir_ / "link"), "/srv/tree/t");
  ASSERT_EQ(compose({"cp", "-L", "box:/srv/link", (dir_ / "followed").string()}).status, 0);
  EXPECT_FALSE(fs::is_symlink(dir_ / "followed"));
  EXPECT_EQ(read(dir_ / "followed"), "top\n");
}

TEST_F(Observe, CpLeavesDeviceNodesAndSetuidBitsOfTheContainerOut) {
  start_box();
  ASSERT_EQ(inside("ls /srv/special | sort"), "disk\nsuid\n");
  ASSERT_EQ(compose({"cp", "-a", "box:/srv/special", (dir_ / "special").string()}).status, 0);
  EXPECT_FALSE(fs::exists(fs::symlink_status(dir_ / "special/disk")));
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "special/suid").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0755u);
}

TEST_F(Observe, CpCopiesIntoTheContainerAndThroughItsBindMounts) {
  start_box();
  std::ofstream(dir_ / "note") << "from the host\n";
  fs::create_directories(dir_ / "bundle/inner");
  std::ofstream(dir_ / "bundle/inner/deep") << "deep\n";
  ::chown((dir_ / "note").c_str(), 1234, 1234);

  ASSERT_EQ(compose({"cp", (dir_ / "note").string(), "box:/tmp/"}).status, 0);
  EXPECT_EQ(inside("cat /tmp/note; stat -c %u /tmp/note"), "from the host\n0\n");
  ASSERT_EQ(compose({"cp", "-a", (dir_ / "note").string(), "box:/tmp/kept"}).status, 0);
  EXPECT_EQ(inside("stat -c %u:%g /tmp/kept"), "1234:1234\n");
  ASSERT_EQ(compose({"cp", (dir_ / "bundle").string(), "box:/tmp/bundle"}).status, 0);
  EXPECT_EQ(inside("cat /tmp/bundle/inner/deep"), "deep\n");

  // The bind-mounted directory is the user's: the copy lands in ./data on the host.
  ASSERT_EQ(compose({"cp", (dir_ / "note").string(), "box:/data/"}).status, 0);
  EXPECT_EQ(read(dir_ / "data/note"), "from the host\n");
}

TEST_F(Observe, CpResolvesSymlinksInsideTheContainer) {
  start_box();
  auto host_path = (dir_ / "host-only").string();
  // Links to "/", above "/" and to the host's own path all stay in the container.
  for (const auto& source : {"box:/srv/escape" + host_path, "box:/srv/up" + host_path,
                             std::string("box:/srv/hostdir/host-only")}) {
    auto copied = compose({"cp", source, (dir_ / "leaked").string()});
    EXPECT_NE(copied.status, 0) << source;
    EXPECT_NE(copied.err.find("no such file or directory"), std::string::npos) << copied.err;
    EXPECT_FALSE(fs::exists(dir_ / "leaked")) << source;
  }
  auto escaped = compose({"cp", "box:/srv/escape/srv/tree/t", (dir_ / "inside.txt").string()});
  ASSERT_EQ(escaped.status, 0) << escaped.err;
  EXPECT_EQ(read(dir_ / "inside.txt"), "top\n");

  // Writing through the same links fills the container's directory, not the host's.
  std::ofstream(dir_ / "planted") << "planted\n";
  for (const auto& target :
       {"box:/srv/escape" + dir_.string() + "/", "box:/srv/up" + dir_.string() + "/x",
        std::string("box:/srv/hostdir/y")}) {
    auto copied = compose({"cp", (dir_ / "planted").string(), target});
    EXPECT_EQ(copied.status, 0) << target << copied.err;
  }
  EXPECT_EQ(
      inside("cat " + dir_.string() + "/planted " + dir_.string() + "/x " + dir_.string() + "/y"),
      "planted\nplanted\nplanted\n");
  EXPECT_FALSE(fs::exists(dir_ / "x"));
  EXPECT_FALSE(fs::exists(dir_ / "y"));
  EXPECT_EQ(read(dir_ / "host-only"), "host secret\n");
}

TEST_F(Observe, CpStreamsTarArchivesAndWorksOnStoppedContainers) {
  start_box();
  auto listed =
      run_command({"sh", "-c", "\"$0\" cp --file \"$1\" box:/srv/tree - | tar -tf - | sort",
                   BERTH_BINARY, (dir_ / "compose.yaml").string()});
  ASSERT_EQ(listed.status, 0) << listed.err;
  EXPECT_EQ(lines_of(listed.out),
            (std::vector<std::string>{"tree/", "tree/sub/", "tree/sub/f", "tree/t"}));

  fs::create_directories(dir_ / "pack");
  std::ofstream(dir_ / "pack/packed") << "packed\n";
  auto extracted =
      run_command({"sh", "-c", "tar -cf - -C \"$2\" packed | \"$0\" cp --file \"$1\" - box:/tmp",
                   BERTH_BINARY, (dir_ / "compose.yaml").string(), (dir_ / "pack").string()});
  ASSERT_EQ(extracted.status, 0) << extracted.err;
  EXPECT_EQ(inside("cat /tmp/packed"), "packed\n");

  ASSERT_EQ(compose({"stop", "-t", "0"}).status, 0);
  ASSERT_EQ(compose({"cp", "box:/srv/tree/t", (dir_ / "stopped.txt").string()}).status, 0);
  EXPECT_EQ(read(dir_ / "stopped.txt"), "top\n");
  ASSERT_EQ(compose({"cp", (dir_ / "pack/packed").string(), "box:/data/while-stopped"}).status, 0);
  EXPECT_EQ(read(dir_ / "data/while-stopped"), "packed\n");
  ASSERT_EQ(compose({"cp", (dir_ / "pack/packed").string(), "box:/srv/"}).status, 0);
  ASSERT_EQ(compose({"start"}).status, 0);
  EXPECT_EQ(inside("cat /srv/packed"), "packed\n");
}

TEST_F(Observe, CpRejectsBadArgumentsWithOneLine) {
  start_box();
  auto expect_error = [&](std::vector<std::string> args, const std::string& message) {
    args.insert(args.begin(), "cp");
    auto result = compose(args);
    EXPECT_NE(result.status, 0);
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    EXPECT_EQ(lines_of(result.err).size(), 1u) << result.err;
  };
  expect_error({"a", "b"}, "one SERVICE:PATH");
  expect_error({"box:/a", "box:/b"}, "between containers");
  expect_error({"nope:/a", "b"}, "no such service");
  expect_error({"box:/missing", (dir_ / "m").string()}, "no such file or directory");
  std::ofstream(dir_ / "plain") << "x";
  expect_error({"box:/srv/tree", (dir_ / "plain").string()}, "cannot copy a directory to a file");
  expect_error({"box:/srv/tree/t", (dir_ / "absent/").string()}, "does not exist");
  expect_error({"box:/srv/tree/t", (dir_ / "absent/deeper/file").string()}, "no such directory");
  expect_error({"--index", "2", "box:/srv", "x"}, "replica 2");
}

TEST_F(Observe, StatsReportsCgroupAndNetworkUsage) {
  ASSERT_EQ(compose({"up", "-d", "burner"}).status, 0);
  ASSERT_TRUE(eventually([&] {
    return compose({"exec", "-T", "burner", "test", "-e", "/pinged"}).status == 0;
  }));
  auto stats = compose({"stats", "--no-stream", "--format", "json"});
  ASSERT_EQ(stats.status, 0) << stats.err;
  auto lines = lines_of(stats.out);
  ASSERT_EQ(lines.size(), 1u) << stats.out;  // box is not running
  auto figures = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(figures["Name"], "observe-burner-1");
  auto listed = ps_json(dir_ / "compose.yaml");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(figures["ID"], listed.front()["ID"]) << figures;  // docker's short id
  EXPECT_EQ(figures["Container"], listed.front()["ID"]) << figures;
  // Held to half a CPU by its quota.
  double cpu = std::stod(figures["CPUPerc"].get<std::string>());
  EXPECT_GT(cpu, 20.0) << figures;
  EXPECT_LT(cpu, 75.0) << figures;
  EXPECT_NE(figures["MemUsage"].get<std::string>().find(" / 64MiB"), std::string::npos) << figures;
  EXPECT_GE(std::stoi(figures["PIDs"].get<std::string>()), 2);  // the init and the shell
  // The pings went out of the container's own namespace and came back.
  auto net = figures["NetIO"].get<std::string>();
  EXPECT_NE(net.substr(0, net.find(' ')), "0B") << net;
  EXPECT_NE(net.substr(net.find('/') + 2), "0B") << net;
  EXPECT_NE(figures["BlockIO"].get<std::string>().find(" / "), std::string::npos);

  ASSERT_EQ(compose({"up", "--no-start", "box"}).status, 0);
  auto all = compose({"stats", "--no-stream", "-a", "box", "burner"});
  ASSERT_EQ(all.status, 0) << all.err;
  auto table = lines_of(all.out);
  ASSERT_EQ(table.size(), 3u) << all.out;
  EXPECT_EQ(table[0].rfind("CONTAINER ID   NAME", 0), 0u) << all.out;
  EXPECT_NE(table[1].find(" observe-box-1 "), std::string::npos) << all.out;  // not running: zeros
  EXPECT_NE(table[1].find("0.00%"), std::string::npos) << all.out;

  EXPECT_NE(compose({"stats", "--no-stream", "--format", "yaml"}).status, 0);
  EXPECT_NE(compose({"stats", "--no-stream", "nope"}).status, 0);
}

TEST_F(Observe, StatsStreamsUntilInterrupted) {
  ASSERT_EQ(compose({"up", "-d", "burner"}).status, 0);
  auto streamed = run_command({"timeout", "-s", "INT", "2.8", BERTH_BINARY, "stats", "--file",
                               (dir_ / "compose.yaml").string()});
  auto headers = 0;
  for (const auto& line : lines_of(streamed.out))
    headers += line.find("CONTAINER ID") != std::string::npos;
  EXPECT_GE(headers, 2) << streamed.out;
}

TEST_F(Observe, EventsStreamTheLifecycleAsItHappens) {
  auto json_out = dir_ / "events.json", text_out = dir_ / "events.txt",
       other_out = dir_ / "events.other";
  pid_t json = spawn_berth({"events", "--json"}, json_out);
  pid_t text = spawn_berth({"events", "box"}, text_out);
  pid_t other = spawn_berth({"events", "burner"}, other_out);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));  // they follow from now on

  start_box();
  auto listed = ps_json(dir_ / "compose.yaml");
  ASSERT_EQ(listed.size(), 1u);
  auto short_id = listed.front()["ID"].get<std::string>();
  ASSERT_TRUE(eventually(
      [&] { return read(json_out).find("health_status: healthy") != std::string::npos; }));
  for (auto verb : {"pause", "unpause", "restart", "kill"})
    ASSERT_EQ(compose({verb, "box"}).status, 0) << verb;
  ASSERT_EQ(compose({"down", "-t", "0"}).status, 0);
  ASSERT_TRUE(eventually([&] { return read(json_out).find("destroy") != std::string::npos; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  end(json);
  end(text);
  end(other);

  std::vector<std::string> actions;
  std::string killed_exit_code;
  for (const auto& line : lines_of(read(json_out))) {
    auto event = nlohmann::json::parse(line);
    EXPECT_EQ(event["service"], "box");
    // docker's id, the one ps shows the start of; the name is an attribute.
    auto id = event["id"].get<std::string>();
    EXPECT_EQ(id.size(), 64u) << line;
    EXPECT_EQ(id.substr(0, 12), short_id) << line;
    EXPECT_EQ(event["attributes"]["name"], "observe-box-1") << line;
    EXPECT_EQ(event["type"], "container");
    auto action = event["action"].get<std::string>();
    if (action == "die") killed_exit_code = event["attributes"]["exitCode"];
    if (actions.empty() || actions.back() != action) actions.push_back(action);
  }
  std::vector<std::string> expected = {
      "create", "start",   "health_status: healthy", "pause", "unpause", "die",    "stop",
      "start",  "restart", "health_status: healthy", "kill",  "die",     "destroy"};
  // The second health check may land before or after the restart event.
  auto without_health = [](std::vector<std::string> list) {
    std::erase(list, "health_status: healthy");
    return list;
  };
  EXPECT_EQ(without_health(actions), without_health(expected)) << read(json_out);
  EXPECT_EQ(killed_exit_code, "137");

  auto text_lines = lines_of(read(text_out));
  ASSERT_FALSE(text_lines.empty());
  EXPECT_NE(text_lines[0].find(" container create " + short_id), std::string::npos)
      << text_lines[0];
  EXPECT_NE(text_lines[0].find(" (name=observe-box-1)"), std::string::npos) << text_lines[0];
  EXPECT_EQ(text_lines[0][4], '-');
  EXPECT_EQ(text_lines[0][10], ' ');
  EXPECT_EQ(read(other_out), "");
}

TEST_F(Observe, AttachStreamsTheOutputAndPassesTheExitCodeThrough) {
  ASSERT_EQ(compose({"up", "-d", "talker"}).status, 0);
  auto attached = compose({"attach", "talker"});
  EXPECT_EQ(attached.status, 3) << attached.err;
  EXPECT_EQ(attached.out, "tick 1\ntick 2\ntick 3\n");
  EXPECT_NE(attached.err.find("warn 1\nwarn 2\nwarn 3\n"), std::string::npos) << attached.err;

  auto stopped = compose({"attach", "talker"});
  EXPECT_NE(stopped.status, 0);
  EXPECT_NE(stopped.err.find("not running"), std::string::npos) << stopped.err;
  EXPECT_NE(compose({"attach", "--index", "2", "talker"}).status, 0);
}

TEST_F(Observe, AttachPassesCtrlCOnOrDetaches) {
  start_box();
  pid_t detaching = spawn_berth({"attach", "--sig-proxy=false", "box"}, dir_ / "detached.out");
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  ::kill(detaching, SIGINT);
  int status = 0;
  ::waitpid(detaching, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(inside("echo alive"), "alive\n");

  pid_t proxying = spawn_berth({"attach", "box"}, dir_ / "proxied.out");
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  ::kill(proxying, SIGINT);
  ::waitpid(proxying, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 130) << status;  // sleep died of SIGINT
  auto listed = ps_json(dir_ / "compose.yaml");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["State"], "exited");
}

}  // namespace
}  // namespace berth::testing
