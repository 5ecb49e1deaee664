#include "spec/json_output.h"

#include <yaml-cpp/yaml.h>

#include "spec/units.h"

namespace berth::spec {

namespace {

using nlohmann::json;

template <typename Value>
void put(json& object, const char* key, const Value& value, bool present = true) {
  if (present) object[key] = value;
}

template <typename Value>
void put(json& object, const char* key, const std::optional<Value>& value) {
  if (value) object[key] = *value;
}

void put_duration(json& object, const char* key, const std::optional<Duration>& value) {
  if (value) object[key] = format_duration(*value);
}

json optional_map(const OptionalStringMap& map) {
  json object = json::object();
  for (const auto& [key, value] : map) object[key] = value ? json(*value) : json(nullptr);
  return object;
}

json port_json(const PortMapping& port) {
  json object = {{"mode", port.mode}, {"target", port.target}, {"protocol", port.protocol}};
  put(object, "name", port.name, !port.name.empty());
  put(object, "host_ip", port.host_ip, !port.host_ip.empty());
  put(object, "published", port.published, !port.published.empty());
  put(object, "app_protocol", port.app_protocol, !port.app_protocol.empty());
  return object;
}

json mount_json(const VolumeMount& mount) {
  json object = {{"type", mount.type}, {"target", mount.target}};
  put(object, "source", mount.source, !mount.source.empty());
  put(object, "read_only", true, mount.read_only);
  put(object, "consistency", mount.consistency, !mount.consistency.empty());
  json bind = json::object();
  put(bind, "propagation", mount.bind_propagation, !mount.bind_propagation.empty());
  put(bind, "create_host_path", mount.bind_create_host_path);
  put(bind, "selinux", mount.bind_selinux, !mount.bind_selinux.empty());
  put(object, "bind", bind, !bind.empty());
  json volume = json::object();
  put(volume, "nocopy", true, mount.volume_nocopy);
  put(volume, "subpath", mount.volume_subpath, !mount.volume_subpath.empty());
  put(object, "volume", volume, !volume.empty() || mount.type == "volume");
  json tmpfs = json::object();
  put(tmpfs, "size", mount.tmpfs_size);
  put(tmpfs, "mode", mount.tmpfs_mode);
  put(object, "tmpfs", tmpfs, !tmpfs.empty());
  return object;
}

json healthcheck_json(const Healthcheck& check) {
  json object = json::object();
  put(object, "test", check.test, !check.test.empty());
  put_duration(object, "interval", check.interval);
  put_duration(object, "timeout", check.timeout);
  put_duration(object, "start_period", check.start_period);
  put_duration(object, "start_interval", check.start_interval);
  put(object, "retries", check.retries);
  put(object, "disable", true, check.disable);
  return object;
}

json networks_json(const std::map<std::string, ServiceNetwork>& networks) {
  json object = json::object();
  for (const auto& [name, network] : networks) {
    json settings = json::object();
    put(settings, "aliases", network.aliases, !network.aliases.empty());
    put(settings, "ipv4_address", network.ipv4_address, !network.ipv4_address.empty());
    put(settings, "ipv6_address", network.ipv6_address, !network.ipv6_address.empty());
    put(settings, "link_local_ips", network.link_local_ips, !network.link_local_ips.empty());
    put(settings, "mac_address", network.mac_address, !network.mac_address.empty());
    put(settings, "priority", network.priority);
    put(settings, "gw_priority", network.gw_priority);
    put(settings, "driver_opts", network.driver_opts, !network.driver_opts.empty());
    object[name] = settings.empty() ? json(nullptr) : settings;
  }
  return object;
}

json resources_json(const ResourceSpec& spec) {
  json object = json::object();
  if (spec.cpus) object["cpus"] = *spec.cpus;
  put(object, "memory", spec.memory);
  put(object, "pids", spec.pids);
  return object;
}

json references_json(const std::vector<FileReference>& references) {
  json array = json::array();
  for (const auto& reference : references) {
    json object = {{"source", reference.source}};
    put(object, "target", reference.target, !reference.target.empty());
    put(object, "uid", reference.uid, !reference.uid.empty());
    put(object, "gid", reference.gid, !reference.gid.empty());
    put(object, "mode", reference.mode);
    array.push_back(object);
  }
  return array;
}

void put_runtime_fields(json& object, const Service& s) {
  put(object, "user", s.user, !s.user.empty());
  put(object, "working_dir", s.working_dir, !s.working_dir.empty());
  put(object, "hostname", s.hostname, !s.hostname.empty());
  put(object, "domainname", s.domainname, !s.domainname.empty());
  put(object, "extra_hosts", s.extra_hosts, !s.extra_hosts.empty());
  put(object, "dns", s.dns, !s.dns.empty());
  put(object, "dns_search", s.dns_search, !s.dns_search.empty());
  put(object, "dns_opt", s.dns_opt, !s.dns_opt.empty());
  put(object, "labels", s.labels, !s.labels.empty());
  put(object, "cap_add", s.cap_add, !s.cap_add.empty());
  put(object, "cap_drop", s.cap_drop, !s.cap_drop.empty());
  put(object, "security_opt", s.security_opt, !s.security_opt.empty());
  put(object, "privileged", true, s.privileged);
  put(object, "read_only", true, s.read_only);
  json ulimits = json::object();
  for (const auto& [name, limit] : s.ulimits)
    ulimits[name] = {{"soft", limit.soft}, {"hard", limit.hard}};
  put(object, "ulimits", ulimits, !ulimits.empty());
  put(object, "sysctls", s.sysctls, !s.sysctls.empty());
  put(object, "mem_limit", s.mem_limit);
  put(object, "memswap_limit", s.memswap_limit);
  put(object, "mem_reservation", s.mem_reservation);
  put(object, "shm_size", s.shm_size);
  put(object, "pids_limit", s.pids_limit);
  put(object, "cpus", s.cpus);
  put(object, "cpu_shares", s.cpu_shares);
  put(object, "cpuset", s.cpuset, !s.cpuset.empty());
  put(object, "init", s.init);
  put(object, "stop_signal", s.stop_signal, !s.stop_signal.empty());
  put_duration(object, "stop_grace_period", s.stop_grace_period);
  put(object, "tty", true, s.tty);
  put(object, "stdin_open", true, s.stdin_open);
  put(object, "container_name", s.container_name, !s.container_name.empty());
  put(object, "platform", s.platform, !s.platform.empty());
  put(object, "attach", s.attach);
  put(object, "userns_mode", s.userns_mode, !s.userns_mode.empty());
  put(object, "ipc", s.ipc, !s.ipc.empty());
  put(object, "pid", s.pid, !s.pid.empty());
  json devices = json::array();
  for (const auto& d : s.devices)
    devices.push_back({{"source", d.source}, {"target", d.target}, {"permissions", d.permissions}});
  put(object, "devices", devices, !devices.empty());
}

// Everything but the fields the config hash ignores.
json runtime_json(const Service& s) {
  json object = {{"image", s.image}};
  if (s.command) object["command"] = *s.command;
  if (s.entrypoint) object["entrypoint"] = *s.entrypoint;
  put(object, "environment", optional_map(s.environment), !s.environment.empty());
  json env_files = json::array();
  for (const auto& f : s.env_file)
    env_files.push_back({{"path", f.path}, {"required", f.required}});
  put(object, "env_file", env_files, !env_files.empty());
  json ports = json::array();
  for (const auto& port : s.ports) ports.push_back(port_json(port));
  put(object, "ports", ports, !ports.empty());
  put(object, "expose", s.expose, !s.expose.empty());
  json volumes = json::array();
  for (const auto& mount : s.volumes) volumes.push_back(mount_json(mount));
  put(object, "volumes", volumes, !volumes.empty());
  put(object, "tmpfs", s.tmpfs, !s.tmpfs.empty());
  if (s.network_mode.empty())
    object["networks"] = networks_json(
        s.networks.empty() ? std::map<std::string, ServiceNetwork>{{"default", {}}} : s.networks);
  put(object, "network_mode", s.network_mode, !s.network_mode.empty());
  if (s.healthcheck) object["healthcheck"] = healthcheck_json(*s.healthcheck);
  put(object, "restart", s.restart, !s.restart.empty());
  put_runtime_fields(object, s);
  json resources = json::object();
  put(resources, "limits", resources_json(s.limits), !resources_json(s.limits).empty());
  put(resources, "reservations", resources_json(s.reservations),
      !resources_json(s.reservations).empty());
  if (!resources.empty()) object["deploy"] = {{"resources", resources}};
  put(object, "configs", references_json(s.configs), !s.configs.empty());
  put(object, "secrets", references_json(s.secrets), !s.secrets.empty());
  for (const auto& [key, value] : s.unsupported.items()) object[key] = value;
  return object;
}

json build_json(const BuildConfig& build) {
  json object = {{"context", build.context}, {"dockerfile", build.dockerfile}};
  put(object, "args", optional_map(build.args), !build.args.empty());
  put(object, "target", build.target, !build.target.empty());
  put(object, "labels", build.labels, !build.labels.empty());
  put(object, "cache_from", build.cache_from, !build.cache_from.empty());
  put(object, "network", build.network, !build.network.empty());
  return object;
}

}  // namespace

nlohmann::json hashed_fields(const Service& service) { return runtime_json(service); }

json service_to_json(const Service& service) {
  json object = runtime_json(service);
  if (service.image.empty()) object.erase("image");
  if (service.build) object["build"] = build_json(*service.build);
  json depends_on = json::object();
  for (const auto& [name, d] : service.depends_on)
    depends_on[name] = {
        {"condition", d.condition}, {"required", d.required}, {"restart", d.restart}};
  put(object, "depends_on", depends_on, !depends_on.empty());
  put(object, "profiles", service.profiles, !service.profiles.empty());
  put(object, "pull_policy", service.pull_policy, !service.pull_policy.empty());
  if (service.replicas) object["scale"] = *service.replicas;
  return object;
}

json network_to_json(const Network& n) {
  json object = {{"name", n.name}};
  put(object, "driver", n.driver, !n.driver.empty());
  put(object, "driver_opts", n.driver_opts, !n.driver_opts.empty());
  json ipam = json::object();
  put(ipam, "driver", n.ipam_driver, !n.ipam_driver.empty());
  json pools = json::array();
  for (const auto& p : n.ipam_config) {
    json pool = json::object();
    put(pool, "subnet", p.subnet, !p.subnet.empty());
    put(pool, "ip_range", p.ip_range, !p.ip_range.empty());
    put(pool, "gateway", p.gateway, !p.gateway.empty());
    put(pool, "aux_addresses", p.aux_addresses, !p.aux_addresses.empty());
    pools.push_back(pool);
  }
  put(ipam, "config", pools, !pools.empty());
  object["ipam"] = ipam;
  put(object, "internal", true, n.internal);
  put(object, "external", true, n.external);
  put(object, "enable_ipv6", n.enable_ipv6);
  put(object, "attachable", true, n.attachable);
  put(object, "labels", n.labels, !n.labels.empty());
  return object;
}

json project_to_json(const Project& project) {
  json document = {{"name", project.name}};
  json services = json::object();
  for (const auto& [name, service] : project.services) services[name] = service_to_json(service);
  document["services"] = services;
  json networks = json::object();
  for (const auto& [key, n] : project.networks) networks[key] = network_to_json(n);
  put(document, "networks", networks, !networks.empty());
  json volumes = json::object();
  for (const auto& [key, v] : project.volumes) {
    json object = {{"name", v.name}};
    put(object, "driver", v.driver, !v.driver.empty());
    put(object, "driver_opts", v.driver_opts, !v.driver_opts.empty());
    put(object, "external", true, v.external);
    put(object, "labels", v.labels, !v.labels.empty());
    volumes[key] = object;
  }
  put(document, "volumes", volumes, !volumes.empty());
  for (const auto& [section, objects] :
       {std::pair{"configs", &project.configs}, std::pair{"secrets", &project.secrets}}) {
    json out = json::object();
    for (const auto& [key, f] : *objects) {
      json object = {{"name", f.name}};
      put(object, "file", f.file, !f.file.empty());
      put(object, "environment", f.environment, !f.environment.empty());
      put(object, "content", f.content);
      put(object, "external", true, f.external);
      put(object, "labels", f.labels, !f.labels.empty());
      out[key] = object;
    }
    put(document, section, out, !out.empty());
  }
  return document;
}

namespace {
void emit(YAML::Emitter& out, const json& value) {
  if (value.is_object()) {
    out << YAML::BeginMap;
    for (const auto& [key, item] : value.items()) {
      out << YAML::Key << key << YAML::Value;
      emit(out, item);
    }
    out << YAML::EndMap;
  } else if (value.is_array()) {
    out << YAML::BeginSeq;
    for (const auto& item : value) emit(out, item);
    out << YAML::EndSeq;
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    // Quote what YAML would read back as another type.
    bool ambiguous = text.empty() || text == "true" || text == "false" || text == "null" ||
                     text == "~" || text.find_first_not_of("0123456789.+-eE:") == std::string::npos;
    if (ambiguous) out << YAML::DoubleQuoted;
    out << text;
  } else if (value.is_null()) {
    out << YAML::Null;
  } else {
    out << value.dump();
  }
}
}  // namespace

std::string json_to_yaml(const json& document) {
  YAML::Emitter out;
  emit(out, document);
  return std::string(out.c_str()) + "\n";
}

}  // namespace berth::spec
