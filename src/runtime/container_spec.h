#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/cgroup_probe.h"
#include "util/user_namespace.h"

namespace berth::runtime {

// One mount inside the container, sources already resolved on the host by the caller.
struct MountSpec {
  std::string source;                // host path for bind; ignored for tmpfs
  std::string target;                // absolute path inside the container
  std::string type = "bind";         // bind, tmpfs, or any filesystem type
  std::vector<std::string> options;  // ro, rw, nosuid, nodev, noexec, size=..., mode=...
};

struct ProcessSpec {
  std::vector<std::string> args;
  std::vector<std::string> env;  // KEY=VALUE
  std::string cwd = "/";
  std::string user;  // "", name, uid, name:group, uid:gid
  bool tty = false;
  bool stdin_open = false;
};

struct Ulimit {
  std::string name;  // nofile, nproc, core, ... (docker's names)
  std::uint64_t soft = 0;
  std::uint64_t hard = 0;
};

// A host device node made again inside the container (compose `devices:`).
struct DeviceNode {
  std::string path;  // inside the container
  char type = 'c';   // 'c' character or 'b' block device
  unsigned major = 0, minor = 0;
  std::uint32_t mode = 0666;  // permission bits, as on the host
};

struct Resources {
  std::int64_t memory = 0;       // bytes, 0 = unlimited
  std::int64_t memory_swap = 0;  // memory+swap bytes, -1 unlimited, 0 = docker default (2x)
  std::int64_t memory_reservation = 0;
  double cpus = 0;  // CFS quota as a number of CPUs
  std::int64_t cpu_shares = 0;
  std::string cpuset;
  std::int64_t pids_limit = 0;  // 0 = unlimited
  // Device cgroup rules allowed beyond docker's default set ("c 10:229 rwm").
  std::vector<std::string> device_rules;
};

struct HealthcheckSpec {
  std::vector<std::string> test;  // ["CMD", ...], ["CMD-SHELL", "..."], ["NONE"]
  std::int64_t interval_ms = 30000;
  std::int64_t timeout_ms = 30000;
  int retries = 3;
  std::int64_t start_period_ms = 0;
  std::int64_t start_interval_ms = 5000;
};

struct RestartPolicy {
  enum class Kind { no, always, on_failure, unless_stopped } kind = Kind::no;
  int max_retries = 0;  // on-failure:N, 0 = unlimited
};

inline constexpr std::int64_t kDefaultShmSize = 64 << 20;  // docker's

// Whose namespace of one kind (pid, ipc) the container gets.
struct NamespaceShare {
  enum class Kind { own, host, container } kind = Kind::own;
  std::string container_dir;  // container: the other's runtime dir, looked up at each start
};

// Everything the runtime needs to start one container; plain data the engine fills.
struct ContainerSpec {
  std::string id;           // 64 hex digits, docker-style, for the events it records
  std::string name;         // also the container's cgroup leaf
  std::string project;      // cgroup child group
  std::string service;      // for the events the supervisor records
  std::string events_path;  // the state root's event log; empty = none
  std::string rootfs;       // host path of the root (mounted overlay or plain dir)
  bool readonly_rootfs = false;
  std::int64_t shm_size = kDefaultShmSize;  // bytes of the /dev/shm tmpfs
  std::string shm_source;  // a host directory bound on /dev/shm instead of a new tmpfs
  NamespaceShare pid_namespace, ipc_namespace;
  // userns_mode: auto. The process runs as the mapping's root, entered after the
  // root filesystem is built (so its mount, pid, ipc and uts namespaces stay the
  // host root's, which the container's root cannot reconfigure).
  std::optional<IdMapping> user_namespace;
  std::vector<DeviceNode> devices;
  std::vector<MountSpec> mounts;
  std::string netns_path;     // pinned netns to join; empty = a new empty one
  bool host_network = false;  // stays in the host's (network_mode: host); netns_path unused
  std::string hostname;
  std::string domainname;
  ProcessSpec process;
  std::vector<std::string> cap_add;
  std::vector<std::string> cap_drop;
  bool privileged = false;
  bool no_new_privileges = false;
  std::string seccomp = "default";  // default, unconfined, or a profile file path
  std::string seccomp_cache;        // a directory of compiled policies; empty = none
  std::vector<Ulimit> ulimits;
  std::vector<std::pair<std::string, std::string>> sysctls;
  Resources resources;
  bool init = false;
  int stop_signal = 15;
  std::int64_t stop_grace_ms = 10000;
  RestartPolicy restart;
  std::optional<HealthcheckSpec> healthcheck;
  std::string log_path;
  std::int64_t log_max_size = 0;  // bytes per log file before rotation, 0 = no rotation
  int log_max_files = 1;
  // The host's cgroup layout as the caller found it when it spawned the supervisor,
  // which otherwise reads the host's whole mount table (every container's mounts
  // in it) to find it; absent = the supervisor probes.
  std::optional<CgroupLayout> host_cgroups;
};

}  // namespace berth::runtime
