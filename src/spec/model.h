#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "spec/node.h"

// The typed stack model the engine consumes: every short syntax already
// normalized to its long form, paths absolute, durations and sizes numeric.
namespace berth::spec {

using Duration = std::chrono::nanoseconds;
using StringMap = std::map<std::string, std::string>;
// Environment values may be null (`VAR` with no value and none in the shell).
using OptionalStringMap = std::map<std::string, std::optional<std::string>>;

struct BuildConfig {
  std::string context;
  std::string dockerfile;
  OptionalStringMap args;
  std::string target;
  StringMap labels;
  std::vector<std::string> cache_from;
  std::string network;
};

struct EnvFile {
  std::string path;  // absolute
  bool required = true;
  // Read when the stack loads (empty for a missing optional file), so the
  // container gets, and the config hash covers, the content that was validated.
  StringMap variables;
};

struct PortMapping {
  std::string name;
  std::string mode = "ingress";
  std::string host_ip;
  uint32_t target = 0;
  std::string published;  // "" (ephemeral), "8080" or a range "8000-8010"
  std::string protocol = "tcp";
  std::string app_protocol;
};

struct VolumeMount {
  std::string type;    // bind, volume, tmpfs, npipe, cluster, image
  std::string source;  // bind: absolute host path; volume: project volume key ("" = anonymous)
  std::string target;
  bool read_only = false;
  std::string consistency;
  std::optional<bool> bind_create_host_path;
  std::string bind_propagation;
  std::string bind_selinux;  // "z" or "Z"
  bool volume_nocopy = false;
  std::string volume_subpath;
  std::optional<int64_t> tmpfs_size;
  std::optional<uint32_t> tmpfs_mode;
};

struct ServiceNetwork {
  std::vector<std::string> aliases;
  std::string ipv4_address;
  std::string ipv6_address;
  std::vector<std::string> link_local_ips;
  std::string mac_address;
  std::optional<int> priority;
  std::optional<int> gw_priority;
  StringMap driver_opts;
};

struct Dependency {
  std::string condition = "service_started";
  bool restart = false;
  bool required = true;
};

struct Healthcheck {
  std::vector<std::string> test;  // ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"]
  std::optional<Duration> interval;
  std::optional<Duration> timeout;
  std::optional<Duration> start_period;
  std::optional<Duration> start_interval;
  std::optional<uint64_t> retries;
  bool disable = false;
};

struct Ulimit {
  int64_t soft = 0;
  int64_t hard = 0;
};

struct ResourceSpec {
  std::optional<double> cpus;
  std::optional<int64_t> memory;
  std::optional<int64_t> pids;
};

struct FileReference {  // a service's use of a config or secret
  std::string source;
  std::string target;
  std::string uid;
  std::string gid;
  std::optional<uint32_t> mode;
};

struct DeviceMapping {
  std::string source;
  std::string target;
  std::string permissions = "rwm";
};

struct Service {
  std::string name;
  Mark mark;  // where the service was defined
  std::vector<std::string> profiles;
  std::string image;
  std::optional<BuildConfig> build;
  std::optional<std::vector<std::string>> command;     // nullopt: image default
  std::optional<std::vector<std::string>> entrypoint;  // nullopt: image default
  OptionalStringMap environment;
  std::vector<EnvFile> env_file;
  std::vector<PortMapping> ports;
  std::vector<std::string> expose;
  std::vector<VolumeMount> volumes;
  std::vector<std::string> tmpfs;
  std::map<std::string, ServiceNetwork> networks;  // empty + no network_mode: default network
  std::string network_mode;
  std::map<std::string, Dependency> depends_on;
  std::optional<Healthcheck> healthcheck;
  std::string restart;
  std::string user;
  std::string working_dir;
  std::string hostname;
  std::string domainname;
  std::vector<std::string> extra_hosts;  // "host=ip" (compose's canonical form)
  std::vector<std::string> dns, dns_search, dns_opt;
  StringMap labels;
  std::vector<std::string> cap_add, cap_drop, security_opt;
  bool privileged = false;
  bool read_only = false;
  std::map<std::string, Ulimit> ulimits;
  StringMap sysctls;
  std::optional<int64_t> mem_limit, memswap_limit, mem_reservation, shm_size, pids_limit;
  std::optional<double> cpus;
  std::optional<int64_t> cpu_shares;
  std::string cpuset;
  ResourceSpec limits, reservations;  // deploy.resources
  std::optional<int> replicas;        // scale / deploy.replicas
  std::optional<bool> init;
  std::string stop_signal;
  std::optional<Duration> stop_grace_period;
  bool tty = false;
  bool stdin_open = false;
  std::string container_name;
  std::string pull_policy;
  std::string platform;
  std::vector<FileReference> configs, secrets;
  std::optional<bool> attach;
  std::string userns_mode, ipc, pid;
  std::vector<DeviceMapping> devices;
  // Specification keys berth does not implement yet, kept verbatim (warned).
  nlohmann::json unsupported = nlohmann::json::object();
};

struct IpamPool {
  std::string subnet, ip_range, gateway;
  StringMap aux_addresses;

  // Which family the pool is for, told by its subnet (else its other addresses).
  bool is_ipv6() const {
    for (const auto* text : {&subnet, &ip_range, &gateway})
      if (!text->empty()) return text->find(':') != std::string::npos;
    return false;
  }
};

struct Network {
  std::string key;
  std::string name;  // resolved: <project>_<key> unless name:/external
  std::string driver;
  StringMap driver_opts;
  std::string ipam_driver;
  std::vector<IpamPool> ipam_config;
  bool internal = false;
  bool external = false;
  std::optional<bool> enable_ipv6;
  bool attachable = false;
  StringMap labels;
};

struct Volume {
  std::string key;
  std::string name;
  std::string driver;
  StringMap driver_opts;
  bool external = false;
  StringMap labels;
};

struct FileObject {  // a top-level config or secret
  std::string key;
  std::string name;
  std::string file;         // absolute
  std::string environment;  // variable name
  std::optional<std::string> content;
  bool external = false;
  StringMap labels;
};

struct Project {
  std::string name;
  std::string working_dir;
  std::vector<std::string> files;
  std::map<std::string, Service> services;  // enabled services only
  std::map<std::string, Network> networks;
  std::map<std::string, Volume> volumes;
  std::map<std::string, FileObject> configs;
  std::map<std::string, FileObject> secrets;
  std::vector<std::string> disabled_services;  // defined but not in an active profile
  std::vector<std::string> warnings;
  std::map<std::string, std::string> environment;  // what interpolation saw
};

}  // namespace berth::spec
