#include "engine/container_assembly.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <filesystem>

#include "engine/process_defaults.h"
#include "engine/service_settings.h"
#include "util/error.h"

namespace berth::engine {

namespace {
constexpr const char* kDefaultPath =
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
constexpr std::int64_t kLogFileSize = 10 * 1024 * 1024;

std::vector<std::map<std::string, std::string>> env_file_variables(const spec::Service& service) {
  std::vector<std::map<std::string, std::string>> files;
  for (const auto& file : service.env_file) files.push_back(file.variables);
  return files;
}

bool has_variable(const std::vector<std::string>& env, const std::string& name) {
  for (const auto& entry : env)
    if (entry.rfind(name + "=", 0) == 0) return true;
  return false;
}

std::string security_option(const spec::Service& service, const std::string& key) {
  for (const auto& option : service.security_opt) {
    auto separator = option.find_first_of("=:");
    if (option.substr(0, separator) == key)
      return separator == std::string::npos ? "true" : option.substr(separator + 1);
  }
  return {};
}

std::vector<runtime::Ulimit> ulimits_of(const spec::Service& service) {
  std::vector<runtime::Ulimit> ulimits;
  for (const auto& [name, limit] : service.ulimits)
    ulimits.push_back(
        {name, static_cast<std::uint64_t>(limit.soft), static_cast<std::uint64_t>(limit.hard)});
  return ulimits;
}
// The host device nodes that `devices:` names, as the runtime makes them again
// inside, and the cgroup rules that let the container use them.
void add_devices(const spec::Service& service, runtime::ContainerSpec& spec) {
  for (const auto& device : service.devices) {
    struct stat info {};
    std::string what = "device of service " + service.name;
    if (::stat(device.source.c_str(), &info) != 0) throw_errno("cannot use " + what, device.source);
    if (!S_ISCHR(info.st_mode) && !S_ISBLK(info.st_mode))
      throw Error(what + " is not a device node", device.source);
    runtime::DeviceNode node{device.target, S_ISBLK(info.st_mode) ? 'b' : 'c',
                             ::major(info.st_rdev), ::minor(info.st_rdev),
                             static_cast<std::uint32_t>(info.st_mode & 07777)};
    spec.resources.device_rules.push_back(std::string(1, node.type) + " " +
                                          std::to_string(node.major) + ":" +
                                          std::to_string(node.minor) + " " + device.permissions);
    spec.devices.push_back(std::move(node));
  }
}
}  // namespace

runtime::ContainerSpec assemble_container(const AssemblyInputs& in) {
  const auto& service = in.service;
  const auto& image = in.image.config.defaults;
  runtime::ContainerSpec spec;
  spec.id = in.id;
  spec.name = in.name;
  spec.project = in.project.name;
  spec.service = in.service.name;
  spec.events_path = in.events_path;
  spec.seccomp_cache = in.seccomp_cache;
  spec.rootfs = in.rootfs;
  spec.readonly_rootfs = service.read_only;
  if (service.shm_size) spec.shm_size = *service.shm_size;
  spec.shm_source = in.namespaces.shm_source;
  spec.pid_namespace = in.namespaces.pid;
  spec.ipc_namespace = in.namespaces.ipc;
  spec.mounts = in.mounts;
  spec.netns_path = in.netns_path;
  spec.host_network = in.host_network;
  spec.hostname = in.hostname;
  spec.domainname = service.domainname;

  auto& process = spec.process;
  process.args = container_argv(image.entrypoint, image.cmd, service.entrypoint, service.command);
  process.env = container_env(image.env, env_file_variables(service), service.environment);
  if (!has_variable(process.env, "PATH")) process.env.insert(process.env.begin(), kDefaultPath);
  if (!has_variable(process.env, "HOSTNAME")) process.env.push_back("HOSTNAME=" + spec.hostname);
  process.cwd = !service.working_dir.empty() ? service.working_dir
                : !image.working_dir.empty() ? image.working_dir
                                             : "/";
  process.user = service.user.empty() ? image.user : service.user;
  process.tty = service.tty;
  process.stdin_open = service.stdin_open;

  spec.cap_add = service.cap_add;
  spec.cap_drop = service.cap_drop;
  spec.privileged = service.privileged;
  std::string no_new_privileges = security_option(service, "no-new-privileges");
  spec.no_new_privileges = !no_new_privileges.empty() && no_new_privileges != "false";
  if (auto seccomp = security_option(service, "seccomp"); !seccomp.empty()) {
    bool profile_file = seccomp != "default" && seccomp != "unconfined";
    spec.seccomp = profile_file ? (std::filesystem::path(in.project.working_dir) / seccomp).string()
                                : seccomp;  // an absolute profile path stays as it is
  }
  spec.ulimits = ulimits_of(service);
  for (const auto& [name, value] : service.sysctls) spec.sysctls.emplace_back(name, value);
  spec.resources = resources_of(service);
  add_devices(service, spec);
  spec.init = service.init.value_or(false);
  std::string stop_signal = !service.stop_signal.empty() ? service.stop_signal : image.stop_signal;
  if (!stop_signal.empty()) spec.stop_signal = parse_signal(stop_signal);
  if (service.stop_grace_period)
    spec.stop_grace_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(*service.stop_grace_period).count();
  spec.restart = parse_restart_policy(service.restart);
  spec.healthcheck = healthcheck_of(service);
  spec.log_path = in.log_path;
  spec.log_max_size = kLogFileSize;
  spec.log_max_files = 2;
  return spec;
}

}  // namespace berth::engine
