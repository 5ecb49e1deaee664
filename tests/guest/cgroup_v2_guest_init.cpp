// PID 1 of a throwaway qemu guest booted on Debian's own kernel, where cgroup2
// is the only hierarchy and holds every controller, as on a pure-v2 host (this
// machine's v1 hierarchies hold them all, so its cgroup2 can enforce nothing).
// It drives the runtime's v2 driver and prints one line per check to the
// console, "GUEST ok <check>" or "GUEST fail <check>: <why>", then "GUEST done",
// and powers the guest off. kernel_cgroup_v2_guest.cpp boots it and reads them.
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/cgroup_driver.h"
#include "runtime/cgroup_probe.h"

namespace {

using berth::runtime::ContainerCgroup;

void report(const std::string& check, const std::string& failure) {
  if (failure.empty())
    std::printf("GUEST ok %s\n", check.c_str());
  else
    std::printf("GUEST fail %s: %s\n", check.c_str(), failure.c_str());
  std::fflush(stdout);
}

void run_check(const std::string& check, const std::function<std::string()>& body) {
  try {
    report(check, body());
  } catch (const std::exception& error) {
    report(check, error.what());
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void set_up_the_guest() {
  ::mkdir("/dev", 0755);
  ::mount("devtmpfs", "/dev", "devtmpfs", 0, nullptr);
  int console = ::open("/dev/console", O_RDWR);
  ::dup2(console, 1);
  ::dup2(console, 2);
  ::mkdir("/proc", 0755);
  ::mount("proc", "/proc", "proc", 0, nullptr);
  ::mkdir("/sys", 0755);
  ::mount("sysfs", "/sys", "sysfs", 0, nullptr);
  ::mount("cgroup2", "/sys/fs/cgroup", "cgroup2", 0, nullptr);
}

// Runs `work` in a child that has joined `group`; returns its wait status.
int in_group(ContainerCgroup& group, const std::function<int()>& work) {
  pid_t child = ::fork();
  if (child == 0) {
    group.add_process(::getpid());
    ::_exit(work());
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return status;
}

// Kills what is left in the group and reaps it: the guest's init is every orphan's parent.
void empty(ContainerCgroup& group) {
  for (pid_t pid : group.processes()) ::kill(pid, SIGKILL);
  for (int i = 0; i < 200 && !group.processes().empty(); ++i) ::usleep(10000);
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

double seconds_now() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

void spin_for(double seconds) {
  double end = seconds_now() + seconds;
  while (seconds_now() < end) {
  }
}

std::string expect_file(const std::string& dir, const std::string& file,
                        const std::string& wanted) {
  auto text = read_file(dir + "/" + file);
  return text == wanted + "\n" ? "" : file + " is '" + text + "', not '" + wanted + "'";
}

void run_checks() {
  auto layout = berth::runtime::probe_cgroups();
  run_check("probe", [&]() -> std::string {
    if (layout.mode != berth::runtime::CgroupMode::v2) return "the layout is not pure v2";
    for (const char* wanted : {"cpu", "memory", "pids", "cpuset", "io"})
      if (std::none_of(layout.controllers.begin(), layout.controllers.end(),
                       [&](const auto& c) { return c.name == wanted; }))
        return std::string("controller missing: ") + wanted;
    return "";
  });

  berth::runtime::Resources resources;
  resources.memory = 32 << 20;
  resources.memory_swap = 32 << 20;  // no swap beyond memory
  resources.pids_limit = 8;
  resources.cpus = 0.5;
  resources.cpu_shares = 512;
  resources.cpuset = "0";
  auto group = berth::runtime::open_container_cgroup(layout, "guest", "limits");
  std::string dir = "/sys/fs/cgroup/" + berth::runtime::cgroup_parent_name() + "/guest/limits";
  run_check("create", [&] {
    group->create(resources, false);
    std::string failure;
    for (auto [file, wanted] : {std::pair{"memory.max", "33554432"},
                                {"memory.swap.max", "0"},
                                {"pids.max", "8"},
                                {"cpu.max", "50000 100000"},
                                {"cpu.weight", "20"},
                                {"cpuset.cpus", "0"}})
      if (failure.empty()) failure = expect_file(dir, file, wanted);
    return failure;
  });

  run_check("pids", [&]() -> std::string {
    int status = in_group(*group, [] {
      int made = 0;
      while (made < 100) {
        pid_t pid = ::fork();
        if (pid == 0) {
          ::pause();
          ::_exit(0);
        }
        if (pid < 0) return errno == EAGAIN ? made : 100;
        ++made;
      }
      return made;
    });
    empty(*group);
    int made = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    // pids.max counts the forking process too.
    return made == 7 ? "" : "forks before EAGAIN: " + std::to_string(made) + ", not 7";
  });

  run_check("memory", [&]() -> std::string {
    int status = in_group(*group, [] {
      std::size_t size = 64 << 20;
      // volatile: the stores must happen, though nothing reads them back
      auto* memory = static_cast<volatile char*>(std::malloc(size));
      for (std::size_t at = 0; memory && at < size; at += 4096) memory[at] = 1;
      return memory ? 0 : 1;
    });
    empty(*group);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
      return "a 64 MiB hog under 32 MiB was not killed (wait status " + std::to_string(status) +
             ")";
    if (group->oom_kills() < 1) return "no OOM kill counted";
    return "";
  });

  run_check("devices", [&]() -> std::string {
    int status = in_group(*group, [] {
      int null_fd = ::open("/dev/null", O_RDWR);
      int mem_fd = ::open("/dev/mem", O_RDONLY);
      if (null_fd < 0) return 1;
      if (mem_fd >= 0 || errno != EPERM) return 2;
      return 0;
    });
    if (!WIFEXITED(status)) return "the probe died";
    if (WEXITSTATUS(status) == 1) return "/dev/null refused";
    if (WEXITSTATUS(status) == 2) return "/dev/mem not refused with EPERM";
    return "";
  });

  run_check("cpu quota and usage", [&]() -> std::string {
    auto before = group->usage().cpu_ns;
    double started = seconds_now();
    in_group(*group, [] {
      spin_for(1.0);
      return 0;
    });
    double wall = seconds_now() - started;
    double used = static_cast<double>(group->usage().cpu_ns - before) / 1e9;
    if (used <= 0) return "no cpu time counted";
    if (used > 0.7 * wall)
      return "used " + std::to_string(used) + " s of cpu in " + std::to_string(wall) +
             " s under cpus: 0.5";
    return "";
  });

  run_check("freeze", [&]() -> std::string {
    pid_t child = ::fork();
    if (child == 0) {
      group->add_process(::getpid());
      for (;;) spin_for(1.0);
    }
    for (int i = 0; i < 100 && group->processes().empty(); ++i) ::usleep(10000);
    group->freeze(true);
    bool frozen = false;
    for (int i = 0; i < 200 && !frozen; ++i) {
      frozen = read_file(dir + "/cgroup.events").find("frozen 1") != std::string::npos;
      if (!frozen) ::usleep(10000);
    }
    group->freeze(false);
    empty(*group);
    return frozen ? "" : "cgroup.events never said frozen";
  });

  run_check("remove", [&]() -> std::string {
    empty(*group);
    group->remove();
    struct stat info {};
    return ::stat(dir.c_str(), &info) == 0 ? "the group is still there" : "";
  });
}

}  // namespace

int main() {
  set_up_the_guest();
  run_checks();
  std::printf("GUEST done\n");
  std::fflush(stdout);
  ::sync();
  ::reboot(RB_POWER_OFF);
  return 0;
}
