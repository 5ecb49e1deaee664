#include "spec/service_parser.h"

#include <map>

#include "spec/errors.h"
#include "spec/mounts.h"
#include "spec/ports.h"

namespace berth::spec {

namespace {

using Handler = void (*)(Service&, const Node&, const std::string&, ParseContext&);

template <std::string Service::*Field>
void string_field(Service& s, const Node& n, const std::string& p, ParseContext&) {
  s.*Field = read_string(n, p);
}

template <bool Service::*Field>
void bool_field(Service& s, const Node& n, const std::string& p, ParseContext&) {
  s.*Field = read_bool(n, p);
}

template <std::vector<std::string> Service::*Field>
void list_field(Service& s, const Node& n, const std::string& p, ParseContext&) {
  s.*Field = read_string_list(n, p, true);
}

template <std::optional<int64_t> Service::*Field>
void size_field(Service& s, const Node& n, const std::string& p, ParseContext&) {
  s.*Field = read_byte_size(n, p);
}

template <StringMap Service::*Field>
void map_field(Service& s, const Node& n, const std::string& p, ParseContext&) {
  s.*Field = read_string_map(n, p);
}

void ports(Service& s, const Node& n, const std::string& p, ParseContext& c) {
  expect_sequence(n, p);
  for (size_t i = 0; i < n.items.size(); ++i)
    for (auto& port : parse_port(n.items[i], item_path(p, i), c))
      s.ports.push_back(std::move(port));
}

void volumes(Service& s, const Node& n, const std::string& p, ParseContext& c) {
  expect_sequence(n, p);
  for (size_t i = 0; i < n.items.size(); ++i)
    s.volumes.push_back(parse_mount(n.items[i], item_path(p, i), c));
}

void expose(Service& s, const Node& n, const std::string& p, ParseContext&) {
  s.expose = read_string_list(n, p);
}

void replicas(Service& s, const Node& n, const std::string& p, ParseContext&) {
  s.replicas = read_replica_count(n, p);
}

void restart(Service& s, const Node& n, const std::string& p, ParseContext&) {
  s.restart = read_string(n, p);
  const std::string& r = s.restart;
  bool valid = r == "no" || r == "always" || r == "unless-stopped" || r == "on-failure" ||
               (r.rfind("on-failure:", 0) == 0 && r.size() > 11 &&
                r.find_first_not_of("0123456789", 11) == std::string::npos);
  if (!valid)
    fail_at(n.mark, p,
            "invalid restart policy \"" + r +
                "\": expected no, always, unless-stopped or on-failure[:N]");
}

void pull_policy(Service& s, const Node& n, const std::string& p, ParseContext&) {
  s.pull_policy = read_string(n, p);
  static const std::set<std::string> kPolicies = {"always", "never", "missing", "if_not_present",
                                                  "build",  "daily", "weekly"};
  if (!kPolicies.count(s.pull_policy) && s.pull_policy.rfind("every_", 0) != 0)
    fail_at(
        n.mark, p,
        "invalid pull_policy \"" + s.pull_policy + "\": expected always, never, missing or build");
}

const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"image", string_field<&Service::image>},
      {"build", [](Service& s, const Node& n, const std::string& p,
                   ParseContext& c) { s.build = parse_build(n, p, c); }},
      {"command", [](Service& s, const Node& n, const std::string& p,
                     ParseContext&) { s.command = parse_command(n, p); }},
      {"entrypoint", [](Service& s, const Node& n, const std::string& p,
                        ParseContext&) { s.entrypoint = parse_command(n, p); }},
      {"environment", [](Service& s, const Node& n, const std::string& p,
                         ParseContext& c) { s.environment = read_environment(n, p, c); }},
      {"env_file", [](Service& s, const Node& n, const std::string& p,
                      ParseContext& c) { s.env_file = parse_env_files(n, p, c); }},
      {"ports", ports},
      {"expose", expose},
      {"volumes", volumes},
      {"tmpfs", list_field<&Service::tmpfs>},
      {"networks", [](Service& s, const Node& n, const std::string& p,
                      ParseContext& c) { s.networks = parse_service_networks(n, p, c); }},
      {"network_mode", string_field<&Service::network_mode>},
      {"depends_on", [](Service& s, const Node& n, const std::string& p,
                        ParseContext& c) { s.depends_on = parse_depends_on(n, p, c); }},
      {"healthcheck", [](Service& s, const Node& n, const std::string& p,
                         ParseContext& c) { s.healthcheck = parse_healthcheck(n, p, c); }},
      {"restart", restart},
      {"user", string_field<&Service::user>},
      {"working_dir", string_field<&Service::working_dir>},
      {"hostname", string_field<&Service::hostname>},
      {"domainname", string_field<&Service::domainname>},
      {"extra_hosts", [](Service& s, const Node& n, const std::string& p,
                         ParseContext&) { s.extra_hosts = parse_extra_hosts(n, p); }},
      {"dns", list_field<&Service::dns>},
      {"dns_search", list_field<&Service::dns_search>},
      {"dns_opt", list_field<&Service::dns_opt>},
      {"labels", map_field<&Service::labels>},
      {"cap_add", list_field<&Service::cap_add>},
      {"cap_drop", list_field<&Service::cap_drop>},
      {"security_opt", list_field<&Service::security_opt>},
      {"privileged", bool_field<&Service::privileged>},
      {"read_only", bool_field<&Service::read_only>},
      {"ulimits", [](Service& s, const Node& n, const std::string& p,
                     ParseContext& c) { s.ulimits = parse_ulimits(n, p, c); }},
      {"sysctls", map_field<&Service::sysctls>},
      {"mem_limit", size_field<&Service::mem_limit>},
      {"memswap_limit", size_field<&Service::memswap_limit>},
      {"mem_reservation", size_field<&Service::mem_reservation>},
      {"shm_size", size_field<&Service::shm_size>},
      {"pids_limit", [](Service& s, const Node& n, const std::string& p,
                        ParseContext&) { s.pids_limit = read_int(n, p); }},
      {"cpus", [](Service& s, const Node& n, const std::string& p,
                  ParseContext&) { s.cpus = read_double(n, p); }},
      {"cpu_shares", [](Service& s, const Node& n, const std::string& p,
                        ParseContext&) { s.cpu_shares = read_int(n, p); }},
      {"cpuset", string_field<&Service::cpuset>},
      {"deploy", parse_deploy},
      {"scale", replicas},
      {"init", [](Service& s, const Node& n, const std::string& p,
                  ParseContext&) { s.init = read_bool(n, p); }},
      {"stop_signal", string_field<&Service::stop_signal>},
      {"stop_grace_period", [](Service& s, const Node& n, const std::string& p,
                               ParseContext&) { s.stop_grace_period = read_duration(n, p); }},
      {"tty", bool_field<&Service::tty>},
      {"stdin_open", bool_field<&Service::stdin_open>},
      {"container_name", string_field<&Service::container_name>},
      {"pull_policy", pull_policy},
      {"platform", string_field<&Service::platform>},
      {"configs", [](Service& s, const Node& n, const std::string& p,
                     ParseContext& c) { s.configs = parse_file_references(n, p, c); }},
      {"secrets", [](Service& s, const Node& n, const std::string& p,
                     ParseContext& c) { s.secrets = parse_file_references(n, p, c); }},
      {"attach", [](Service& s, const Node& n, const std::string& p,
                    ParseContext&) { s.attach = read_bool(n, p); }},
      {"userns_mode", string_field<&Service::userns_mode>},
      {"ipc", string_field<&Service::ipc>},
      {"pid", string_field<&Service::pid>},
      {"devices", [](Service& s, const Node& n, const std::string& p,
                     ParseContext&) { s.devices = parse_devices(n, p); }},
      {"profiles", [](Service& s, const Node& n, const std::string& p,
                      ParseContext&) { s.profiles = read_string_list(n, p); }},
  };
  return table;
}

const std::set<std::string>& unsupported_keys() {
  static const std::set<std::string> keys = {"annotations",
                                             "blkio_config",
                                             "cgroup",
                                             "cgroup_parent",
                                             "cpu_count",
                                             "cpu_percent",
                                             "cpu_period",
                                             "cpu_quota",
                                             "cpu_rt_period",
                                             "cpu_rt_runtime",
                                             "credential_spec",
                                             "develop",
                                             "device_cgroup_rules",
                                             "external_links",
                                             "gpus",
                                             "group_add",
                                             "isolation",
                                             "label_file",
                                             "links",
                                             "logging",
                                             "mac_address",
                                             "mem_swappiness",
                                             "models",
                                             "oom_kill_disable",
                                             "oom_score_adj",
                                             "post_start",
                                             "pre_stop",
                                             "provider",
                                             "pull_refresh_after",
                                             "runtime",
                                             "storage_opt",
                                             "use_api_socket",
                                             "uts",
                                             "volumes_from"};
  return keys;
}

std::set<std::string> known_keys() {
  std::set<std::string> keys;
  for (const auto& [key, handler] : handlers()) keys.insert(key);
  return keys;
}

void check_scale_agrees(const Node& node, const std::string& path) {
  const Node* scale = node.find("scale");
  const Node* deploy = node.find("deploy");
  const Node* replicas = deploy && deploy->is_mapping() ? deploy->find("replicas") : nullptr;
  if (!scale || !replicas || scale->is_null() || replicas->is_null()) return;
  int64_t scale_value = read_int(*scale, path + ".scale");
  int64_t replicas_value = read_int(*replicas, path + ".deploy.replicas");
  if (scale_value != replicas_value)
    fail_at(scale->mark, path + ".scale",
            "scale (" + std::to_string(scale_value) + ") and deploy.replicas (" +
                std::to_string(replicas_value) + ") disagree");
}

}  // namespace

Service parse_service(const std::string& name, const Node& node, ParseContext& context) {
  std::string path = "services." + name;
  if (node.is_null()) fail_at(node.mark, path, "a service needs at least an image or a build");
  static const std::set<std::string> known = known_keys();
  check_keys(node, path, known, unsupported_keys(), context);
  Service service;
  service.name = name;
  service.mark = node.mark;
  for (const auto& entry : node.entries) {
    std::string key_path = child_path(path, entry.key);
    auto handler = handlers().find(entry.key);
    if (handler != handlers().end()) {
      if (!entry.value.is_null()) handler->second(service, entry.value, key_path, context);
    } else if (unsupported_keys().count(entry.key)) {
      service.unsupported[entry.key] = to_json(entry.value);
    }
  }
  check_scale_agrees(node, path);
  if (service.image.empty() && !service.build)
    fail_at(node.mark, path, "a service needs an \"image\" or a \"build\"");
  return service;
}

}  // namespace berth::spec
