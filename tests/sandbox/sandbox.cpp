#include "sandbox.h"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <thread>

#include "runtime/cgroup_probe.h"
#include "util/error.h"

namespace berth::testing {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "berth-sandbox: %s: %s\n", what.c_str(), std::strerror(errno));
  _exit(125);
}

void must(int rc, const std::string& what) {
  if (rc != 0) die(what);
}

void write_file(const fs::path& path, const std::string& value) {
  std::ofstream out(path);
  out << value;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::string value;
  std::getline(in, value);
  return value;
}

void bring_loopback_up() {
  int sock = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) die("opening socket for lo");
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  must(::ioctl(sock, SIOCGIFFLAGS, &request), "reading lo flags");
  request.ifr_flags |= IFF_UP;
  must(::ioctl(sock, SIOCSIFFLAGS, &request), "bringing lo up");
  ::close(sock);
}

// Inside the new namespaces, before the command runs: private mounts, the
// scratch tmpfs, a /proc for the new PID namespace, a /sys for the new network
// namespace (the host's cgroup mounts carried over), and a private /run/netns.
void build_mounts(const SandboxPlan& plan) {
  must(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr), "making / private");
  must(::mount("tmpfs", plan.scratch.c_str(), "tmpfs", 0, "mode=0755"), "mounting scratch tmpfs");
  for (const char* dir : {"root", "run", "netns-hold", "cgroup-hold"})
    must(::mkdir((plan.scratch / dir).c_str(), 0755), std::string("creating ") + dir);

  auto cgroup_hold = plan.scratch / "cgroup-hold";
  must(::mount("/sys/fs/cgroup", cgroup_hold.c_str(), nullptr, MS_BIND | MS_REC, nullptr),
       "holding cgroup mounts");
  must(::umount2("/sys", MNT_DETACH), "detaching host /sys");
  must(::mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr),
       "mounting sysfs");
  must(::mount(cgroup_hold.c_str(), "/sys/fs/cgroup", nullptr, MS_MOVE, nullptr),
       "restoring cgroup mounts");
  must(::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr),
       "mounting proc");
  must(::mount("tmpfs", "/run/netns", "tmpfs", 0, "mode=0755"), "mounting private /run/netns");
}

void export_environment(const SandboxPlan& plan) {
  ::setenv("BERTH_ROOT", (plan.scratch / "root").c_str(), 1);
  ::setenv("BERTH_RUN", (plan.scratch / "run").c_str(), 1);
  ::setenv("BERTH_CGROUP_PARENT", plan.cgroup_parent.c_str(), 1);
  ::setenv("BERTH_SANDBOX", plan.scratch.c_str(), 1);
  // Not the machine's /etc/berth/config.json: a test writes its own if it needs one.
  ::setenv("BERTH_CONFIG", (plan.scratch / "config.json").c_str(), 1);
  // Names berth's DNS helper cannot answer go to a closed port on the sandbox's
  // own loopback unless a test starts a resolver of its own.
  ::setenv("BERTH_DNS_UPSTREAMS", "127.0.0.1:9", 0);
}

// PID 1 of the sandbox: starts the command, reaps every orphan, and returns the
// command's status. Its exit makes the kernel kill whatever is left inside.
[[noreturn]] void run_init(const SandboxPlan& plan) {
  build_mounts(plan);
  bring_loopback_up();
  export_environment(plan);
  pid_t command = ::fork();
  if (command < 0) die("forking command");
  if (command == 0) {
    std::vector<char*> argv;
    for (const auto& arg : plan.command) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    die("executing " + plan.command[0]);
  }
  for (;;) {
    int status = 0;
    pid_t reaped = ::wait(&status);
    if (reaped < 0 && errno == EINTR) continue;
    if (reaped < 0) die("waiting for command");
    if (reaped != command) continue;
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  }
}

std::vector<fs::path> cgroup_hierarchies() {
  std::set<fs::path> unique;
  auto layout = runtime::probe_cgroups();
  for (const auto& controller : layout.controllers) unique.insert(controller.hierarchy);
  if (!layout.unified_root.empty()) unique.insert(layout.unified_root);
  return {unique.begin(), unique.end()};
}

// A v1 cpuset group cannot take tasks until it has cpus and mems of its own.
void inherit_cpuset(const fs::path& dir) {
  for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
    if (fs::exists(dir / file)) write_file(dir / file, read_file(dir.parent_path() / file));
  }
}

void remove_cgroup_tree(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_directory()) remove_cgroup_tree(entry.path());
  // Processes of a dying PID namespace leave their cgroups a moment later;
  // one that was traced or busy on a socket can take seconds.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::fprintf(stderr, "berth-sandbox: cannot remove cgroup %s: %s\n", dir.c_str(),
               std::strerror(errno));
}

}  // namespace

SandboxPlan plan_sandbox(std::vector<std::string> command) {
  SandboxPlan plan;
  plan.command = std::move(command);
  char scratch[] = "/tmp/berth-sandbox.XXXXXX";
  if (!::mkdtemp(scratch)) throw_errno("creating sandbox scratch dir");
  plan.scratch = scratch;
  plan.cgroup_parent = "berth-test-" + plan.scratch.filename().string().substr(14);
  return plan;
}

int run_sandbox(SandboxPlan& plan) {
  std::error_code ec;
  fs::create_directories("/run/netns", ec);
  for (const auto& hierarchy : cgroup_hierarchies()) {
    auto dir = hierarchy / plan.cgroup_parent;
    if (::mkdir(dir.c_str(), 0755) != 0) throw_errno("creating test cgroup", dir.string());
    plan.cgroup_dirs.push_back(dir);
    inherit_cpuset(dir);
  }

  pid_t outer = ::fork();
  if (outer < 0) throw_errno("forking sandbox");
  if (outer == 0) {
    // If the test runner kills us, the sandbox dies with us.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    must(::unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC),
         "creating namespaces");
    pid_t init = ::fork();
    if (init < 0) die("forking sandbox init");
    if (init == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      run_init(plan);
    }
    int status = 0;
    while (::waitpid(init, &status, 0) < 0)
      if (errno != EINTR) die("waiting for sandbox init");
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  }
  int status = 0;
  while (::waitpid(outer, &status, 0) < 0)
    if (errno != EINTR) throw_errno("waiting for sandbox");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void clean_up_sandbox(const SandboxPlan& plan) {
  for (const auto& dir : plan.cgroup_dirs) remove_cgroup_tree(dir);
  ::rmdir(plan.scratch.c_str());
}

}  // namespace berth::testing
