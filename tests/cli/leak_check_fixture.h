#pragma once

// A fixture for end-to-end tests that bring stacks up and down through the real
// `berth` binary inside the sandbox, and then check that nothing berth made is
// left in the kernel or on disk.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/berth_cli.h"
#include "support/process_parent.h"

namespace berth::testing {

namespace fs = std::filesystem;

// Three services in a depends_on chain on the default network, one with a
// published port (firewall elements), one with a named volume.
inline std::string three_service_stack(const std::string& name, int port) {
  return "name: " + name + R"(
services:
  a:
    image: localhost/test/busybox:1
    init: true
    command: ["sleep", "1000"]
    volumes:
      - data:/data
  b:
    image: localhost/test/busybox:1
    init: true
    command: ["httpd", "-f", "-p", "80"]
    ports:
      - "127.0.0.1:)" +
         std::to_string(port) +
         R"(:80"
    depends_on: [a]
  c:
    image: localhost/test/busybox:1
    init: true
    command: ["sleep", "1000"]
    depends_on: [b]
volumes:
  data: {}
)";
}

class LeakCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    import_busybox_image();
    sandbox_ = std::getenv("BERTH_SANDBOX");
  }

  // Writes <sandbox>/<name>/compose.yaml and returns its path.
  fs::path write_project(const std::string& name, int port) {
    auto dir = sandbox_ / name;
    fs::create_directories(dir);
    std::ofstream(dir / "compose.yaml") << three_service_stack(name, port);
    return dir / "compose.yaml";
  }

  // Starts a command without waiting for it; its stderr goes to `error_log`.
  static pid_t spawn(const std::vector<std::string>& argv, const fs::path& error_log) {
    pid_t pid = ::fork();
    if (pid == 0) {
      int null_fd = ::open("/dev/null", O_RDWR);
      int log_fd = ::open(error_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(null_fd, 0);
      ::dup2(null_fd, 1);
      ::dup2(log_fd, 2);
      std::vector<char*> args;
      for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      _exit(127);
    }
    return pid;
  }
  // The exit code, or 128+N when killed by signal N.
  static int wait_for(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  static fs::path state_db() { return fs::path(std::getenv("BERTH_ROOT")) / "state.db"; }
  // The state root's id, which every kernel object name of berth carries.
  static std::string root_id() {
    auto id = run_command({"sqlite3", state_db().string(), "SELECT id FROM root_identity"}).out;
    return id.substr(0, id.find('\n'));
  }

  static std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  // Processes other than this test and its ancestors (the sandbox), as "pid cmdline".
  static std::vector<std::string> stray_processes() {
    std::vector<pid_t> mine;
    for (std::optional<pid_t> pid = ::getpid(); pid && *pid > 0; pid = parent_of(*pid))
      mine.push_back(*pid);
    std::vector<std::string> strays;
    for (const auto& entry : fs::directory_iterator("/proc")) {
      auto name = entry.path().filename().string();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      pid_t pid = std::stoi(name);
      if (std::find(mine.begin(), mine.end(), pid) != mine.end()) continue;
      std::ifstream in(entry.path() / "cmdline", std::ios::binary);
      std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (cmdline.empty()) continue;  // a kernel thread, or a zombie being reaped
      std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
      strays.push_back(name + " " + cmdline);
    }
    return strays;
  }

  // Strays still there after a second: the child in which the kernel finishes
  // deleting berth's last links (Links::remove_group) outlives `down` by some
  // tens of milliseconds, by design.
  static std::vector<std::string> lasting_stray_processes() {
    auto strays = stray_processes();
    for (int attempt = 0; attempt < 50 && !strays.empty(); ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      strays = stray_processes();
    }
    return strays;
  }

  // Groups below the test's cgroup parent, in every hierarchy.
  static std::vector<std::string> stray_cgroups() {
    std::vector<std::string> strays;
    std::string parent = std::getenv("BERTH_CGROUP_PARENT");
    std::error_code ec;
    for (const auto& hierarchy : fs::directory_iterator("/sys/fs/cgroup", ec)) {
      auto dir = hierarchy.path() / parent;
      if (!fs::is_directory(dir)) continue;
      for (const auto& group : fs::recursive_directory_iterator(dir, ec))
        if (group.is_directory()) strays.push_back(group.path().string());
    }
    return strays;
  }

  static std::vector<std::string> stray_mounts() {
    std::string root = std::getenv("BERTH_ROOT"), run = std::getenv("BERTH_RUN");
    std::vector<std::string> strays;
    std::istringstream in(run_command({"findmnt", "-rn", "-o", "TARGET"}).out);
    for (std::string target; std::getline(in, target);) {
      if (target == run + "/netns") continue;  // the pins' own tmpfs stays
      if (target.rfind(root, 0) == 0 || target.rfind(run, 0) == 0) strays.push_back(target);
    }
    return strays;
  }

  // Nothing of the projects may be left: links, firewall, mounts, cgroups,
  // processes, container rows, or anything `berth gc` would still find.
  void expect_nothing_left(const std::vector<fs::path>& projects, const std::string& when) {
    auto links = run_command({"ip", "-br", "link"}).out;
    EXPECT_EQ(links.find("bt"), std::string::npos) << when << "\n" << links;
    auto ruleset = run_command({"nft", "list", "ruleset"}).out;
    EXPECT_EQ(ruleset.find("berth"), std::string::npos) << when << "\n" << ruleset;
    EXPECT_EQ(stray_mounts(), std::vector<std::string>{}) << when;
    EXPECT_EQ(stray_cgroups(), std::vector<std::string>{}) << when;
    EXPECT_EQ(lasting_stray_processes(), std::vector<std::string>{}) << when;
    for (const auto& project : projects)
      EXPECT_TRUE(ps_json(project).empty()) << when << ": " << project;
    auto rows = run_command(
        {"sqlite3", (fs::path(std::getenv("BERTH_ROOT")) / "state.db").string(),
         "SELECT name FROM containers UNION ALL SELECT name FROM network_networks UNION ALL "
         "SELECT container FROM network_endpoints UNION ALL "
         "SELECT container FROM network_ports"});
    EXPECT_EQ(rows.out, "") << when << "\n" << rows.err;
    auto gc = berth({"gc", "--dry-run"});
    EXPECT_EQ(gc.status, 0) << gc.err;
    EXPECT_EQ(gc.out, "") << when;
  }

  fs::path sandbox_;
};

}  // namespace berth::testing
