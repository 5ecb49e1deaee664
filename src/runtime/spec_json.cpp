#include "runtime/spec_json.h"

#include <fstream>

#include "util/atomic_file.h"
#include "util/error.h"

namespace berth::runtime {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MountSpec, source, target, type, options)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ProcessSpec, args, env, cwd, user, tty, stdin_open)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Ulimit, name, soft, hard)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Resources, memory, memory_swap, memory_reservation,
                                                cpus, cpu_shares, cpuset, pids_limit, device_rules)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DeviceNode, path, type, major, minor, mode)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HealthcheckSpec, test, interval_ms, timeout_ms,
                                                retries, start_period_ms, start_interval_ms)
NLOHMANN_JSON_SERIALIZE_ENUM(RestartPolicy::Kind,
                             {{RestartPolicy::Kind::no, "no"},
                              {RestartPolicy::Kind::always, "always"},
                              {RestartPolicy::Kind::on_failure, "on-failure"},
                              {RestartPolicy::Kind::unless_stopped, "unless-stopped"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RestartPolicy, kind, max_retries)
NLOHMANN_JSON_SERIALIZE_ENUM(NamespaceShare::Kind, {{NamespaceShare::Kind::own, "own"},
                                                    {NamespaceShare::Kind::host, "host"},
                                                    {NamespaceShare::Kind::container, "container"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NamespaceShare, kind, container_dir)
NLOHMANN_JSON_SERIALIZE_ENUM(CgroupMode, {{CgroupMode::v1, "v1"},
                                          {CgroupMode::v2, "v2"},
                                          {CgroupMode::hybrid, "hybrid"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CgroupController, name, hierarchy)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CgroupLayout, mode, unified_root, controllers)
}  // namespace berth::runtime

namespace berth {
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(IdMapping, host_uid, host_gid, size)
}  // namespace berth

namespace berth::runtime {

void to_json(nlohmann::json& json, const ContainerSpec& spec) {
  json = {{"id", spec.id},
          {"name", spec.name},
          {"project", spec.project},
          {"service", spec.service},
          {"events_path", spec.events_path},
          {"rootfs", spec.rootfs},
          {"readonly_rootfs", spec.readonly_rootfs},
          {"shm_size", spec.shm_size},
          {"shm_source", spec.shm_source},
          {"pid_namespace", spec.pid_namespace},
          {"ipc_namespace", spec.ipc_namespace},
          {"devices", spec.devices},
          {"mounts", spec.mounts},
          {"netns_path", spec.netns_path},
          {"host_network", spec.host_network},
          {"hostname", spec.hostname},
          {"domainname", spec.domainname},
          {"process", spec.process},
          {"cap_add", spec.cap_add},
          {"cap_drop", spec.cap_drop},
          {"privileged", spec.privileged},
          {"no_new_privileges", spec.no_new_privileges},
          {"seccomp", spec.seccomp},
          {"seccomp_cache", spec.seccomp_cache},
          {"ulimits", spec.ulimits},
          {"sysctls", spec.sysctls},
          {"resources", spec.resources},
          {"init", spec.init},
          {"stop_signal", spec.stop_signal},
          {"stop_grace_ms", spec.stop_grace_ms},
          {"restart", spec.restart},
          {"log_path", spec.log_path},
          {"log_max_size", spec.log_max_size},
          {"log_max_files", spec.log_max_files}};
  if (spec.healthcheck) json["healthcheck"] = *spec.healthcheck;
  if (spec.user_namespace) json["user_namespace"] = *spec.user_namespace;
  if (spec.host_cgroups) json["host_cgroups"] = *spec.host_cgroups;
}

void from_json(const nlohmann::json& json, ContainerSpec& spec) {
  ContainerSpec defaults;
  auto get = [&](const char* key, auto& field) {
    if (json.contains(key)) json.at(key).get_to(field);
  };
  spec = defaults;
  get("id", spec.id);
  get("name", spec.name);
  get("project", spec.project);
  get("service", spec.service);
  get("events_path", spec.events_path);
  get("rootfs", spec.rootfs);
  get("readonly_rootfs", spec.readonly_rootfs);
  get("shm_size", spec.shm_size);
  get("shm_source", spec.shm_source);
  get("pid_namespace", spec.pid_namespace);
  get("ipc_namespace", spec.ipc_namespace);
  get("devices", spec.devices);
  get("mounts", spec.mounts);
  get("netns_path", spec.netns_path);
  get("host_network", spec.host_network);
  get("hostname", spec.hostname);
  get("domainname", spec.domainname);
  get("process", spec.process);
  get("cap_add", spec.cap_add);
  get("cap_drop", spec.cap_drop);
  get("privileged", spec.privileged);
  get("no_new_privileges", spec.no_new_privileges);
  get("seccomp", spec.seccomp);
  get("seccomp_cache", spec.seccomp_cache);
  get("ulimits", spec.ulimits);
  get("sysctls", spec.sysctls);
  get("resources", spec.resources);
  get("init", spec.init);
  get("stop_signal", spec.stop_signal);
  get("stop_grace_ms", spec.stop_grace_ms);
  get("restart", spec.restart);
  get("log_path", spec.log_path);
  get("log_max_size", spec.log_max_size);
  get("log_max_files", spec.log_max_files);
  if (json.contains("healthcheck"))
    spec.healthcheck = json.at("healthcheck").get<HealthcheckSpec>();
  if (json.contains("user_namespace"))
    spec.user_namespace = json.at("user_namespace").get<IdMapping>();
  if (json.contains("host_cgroups"))
    spec.host_cgroups = json.at("host_cgroups").get<CgroupLayout>();
}

void write_spec_file(const std::string& path, const ContainerSpec& spec) {
  write_file_atomically(path, nlohmann::json(spec).dump());
}

ContainerSpec read_spec_file(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw_errno("cannot read container spec", path);
  try {
    return nlohmann::json::parse(file).get<ContainerSpec>();
  } catch (const nlohmann::json::exception& error) {
    throw Error("invalid container spec '" + path + "': " + error.what());
  }
}

}  // namespace berth::runtime
