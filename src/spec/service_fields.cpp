#include <filesystem>
#include <limits>
#include <regex>

#include "spec/dotenv.h"
#include "spec/errors.h"
#include "spec/service_parser.h"
#include "spec/units.h"

namespace berth::spec {

std::optional<std::vector<std::string>> parse_command(const Node& node, const std::string& path) {
  if (node.is_null()) return std::nullopt;
  if (node.is_sequence()) return read_string_list(node, path);
  auto words = split_shell_words(read_string(node, path));
  if (!words) fail_at(node.mark, path, "unterminated quote in command");
  return words;
}

BuildConfig parse_build(const Node& node, const std::string& path, ParseContext& context) {
  BuildConfig build;
  if (node.is_scalar()) {
    build.context = resolve_path(node.value, context.working_dir);
    build.dockerfile = "Dockerfile";
    return build;
  }
  check_keys(node, path,
             {"context", "dockerfile", "args", "target", "labels", "cache_from", "network"},
             {"dockerfile_inline", "ssh", "cache_to", "additional_contexts", "extra_hosts",
              "isolation", "no_cache", "platforms", "privileged", "pull", "secrets", "shm_size",
              "tags", "ulimits", "entitlements", "provenance", "sbom"},
             context);
  build.context = context.working_dir;
  if (const Node* value = node.find("context"))
    build.context =
        resolve_path(read_string(*value, child_path(path, "context")), context.working_dir);
  build.dockerfile = "Dockerfile";
  if (const Node* value = node.find("dockerfile"))
    build.dockerfile = read_string(*value, child_path(path, "dockerfile"));
  if (const Node* value = node.find("args"))
    build.args = read_environment(*value, child_path(path, "args"), context);
  if (const Node* value = node.find("target"))
    build.target = read_string(*value, child_path(path, "target"));
  if (const Node* value = node.find("labels"))
    build.labels = read_string_map(*value, child_path(path, "labels"));
  if (const Node* value = node.find("cache_from"))
    build.cache_from = read_string_list(*value, child_path(path, "cache_from"));
  if (const Node* value = node.find("network"))
    build.network = read_string(*value, child_path(path, "network"));
  return build;
}

namespace {
std::vector<std::string> parse_test(const Node& node, const std::string& path) {
  if (node.is_scalar()) return {"CMD-SHELL", node.value};
  auto test = read_string_list(node, path);
  if (test.empty()) fail_at(node.mark, path, "empty healthcheck test");
  const std::string& kind = test[0];
  if (kind != "CMD" && kind != "CMD-SHELL" && kind != "NONE")
    fail_at(node.items[0].mark, item_path(path, 0),
            "a healthcheck test list starts with CMD, CMD-SHELL or NONE, got \"" + kind + "\"");
  if (kind == "CMD-SHELL" && test.size() != 2)
    fail_at(node.mark, path, "CMD-SHELL takes exactly one command string");
  return test;
}
}  // namespace

Healthcheck parse_healthcheck(const Node& node, const std::string& path, ParseContext& context) {
  check_keys(
      node, path,
      {"test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"}, {},
      context);
  Healthcheck check;
  if (const Node* value = node.find("test"))
    check.test = parse_test(*value, child_path(path, "test"));
  if (const Node* value = node.find("interval"))
    check.interval = read_duration(*value, child_path(path, "interval"));
  if (const Node* value = node.find("timeout"))
    check.timeout = read_duration(*value, child_path(path, "timeout"));
  if (const Node* value = node.find("start_period"))
    check.start_period = read_duration(*value, child_path(path, "start_period"));
  if (const Node* value = node.find("start_interval"))
    check.start_interval = read_duration(*value, child_path(path, "start_interval"));
  if (const Node* value = node.find("retries")) {
    int64_t retries = read_int(*value, child_path(path, "retries"));
    if (retries < 0) fail_at(value->mark, child_path(path, "retries"), "must not be negative");
    check.retries = static_cast<uint64_t>(retries);
  }
  if (const Node* value = node.find("disable"))
    check.disable = read_bool(*value, child_path(path, "disable"));
  if (!check.test.empty() && check.test[0] == "NONE") check.disable = true;
  return check;
}

std::map<std::string, ServiceNetwork> parse_service_networks(const Node& node,
                                                             const std::string& path,
                                                             ParseContext& context) {
  std::map<std::string, ServiceNetwork> networks;
  if (node.is_sequence()) {
    for (const auto& name : read_string_list(node, path)) networks[name];
    return networks;
  }
  expect_mapping(node, path);
  for (const auto& entry : node.entries) {
    ServiceNetwork& network = networks[entry.key];
    if (entry.value.is_null()) continue;
    std::string sub = child_path(path, entry.key);
    check_keys(entry.value, sub,
               {"aliases", "ipv4_address", "ipv6_address", "link_local_ips", "mac_address",
                "priority", "gw_priority", "driver_opts"},
               {"interface_name"}, context);
    const Node& v = entry.value;
    if (const Node* x = v.find("aliases"))
      network.aliases = read_string_list(*x, child_path(sub, "aliases"));
    if (const Node* x = v.find("ipv4_address"))
      network.ipv4_address = read_string(*x, child_path(sub, "ipv4_address"));
    if (const Node* x = v.find("ipv6_address"))
      network.ipv6_address = read_string(*x, child_path(sub, "ipv6_address"));
    if (const Node* x = v.find("link_local_ips"))
      network.link_local_ips = read_string_list(*x, child_path(sub, "link_local_ips"));
    if (const Node* x = v.find("mac_address"))
      network.mac_address = read_string(*x, child_path(sub, "mac_address"));
    if (const Node* x = v.find("priority"))
      network.priority = static_cast<int>(read_int(*x, child_path(sub, "priority")));
    if (const Node* x = v.find("gw_priority"))
      network.gw_priority = static_cast<int>(read_int(*x, child_path(sub, "gw_priority")));
    if (const Node* x = v.find("driver_opts"))
      network.driver_opts = read_string_map(*x, child_path(sub, "driver_opts"));
  }
  return networks;
}

std::map<std::string, Dependency> parse_depends_on(const Node& node, const std::string& path,
                                                   ParseContext& context) {
  std::map<std::string, Dependency> dependencies;
  if (node.is_sequence()) {
    for (const auto& name : read_string_list(node, path)) dependencies[name];
    return dependencies;
  }
  expect_mapping(node, path);
  for (const auto& entry : node.entries) {
    Dependency& dependency = dependencies[entry.key];
    std::string sub = child_path(path, entry.key);
    if (entry.value.is_null()) continue;
    check_keys(entry.value, sub, {"condition", "restart", "required"}, {}, context);
    if (const Node* x = entry.value.find("condition")) {
      dependency.condition = read_string(*x, child_path(sub, "condition"));
      if (dependency.condition != "service_started" && dependency.condition != "service_healthy" &&
          dependency.condition != "service_completed_successfully")
        fail_at(x->mark, child_path(sub, "condition"),
                "expected service_started, service_healthy or service_completed_successfully");
    }
    if (const Node* x = entry.value.find("restart"))
      dependency.restart = read_bool(*x, child_path(sub, "restart"));
    if (const Node* x = entry.value.find("required"))
      dependency.required = read_bool(*x, child_path(sub, "required"));
  }
  return dependencies;
}

namespace {
ResourceSpec parse_resource_spec(const Node& node, const std::string& path, ParseContext& context) {
  check_keys(node, path, {"cpus", "memory", "pids"}, {"devices", "generic_resources"}, context);
  ResourceSpec spec;
  if (const Node* x = node.find("cpus")) spec.cpus = read_double(*x, child_path(path, "cpus"));
  if (const Node* x = node.find("memory"))
    spec.memory = read_byte_size(*x, child_path(path, "memory"));
  if (const Node* x = node.find("pids")) spec.pids = read_int(*x, child_path(path, "pids"));
  return spec;
}
}  // namespace

void parse_deploy(Service& service, const Node& node, const std::string& path,
                  ParseContext& context) {
  check_keys(node, path, {"replicas", "resources"},
             {"mode", "labels", "restart_policy", "placement", "update_config", "rollback_config",
              "endpoint_mode"},
             context);
  if (const Node* x = node.find("replicas"))
    service.replicas = read_replica_count(*x, child_path(path, "replicas"));
  if (const Node* resources = node.find("resources")) {
    std::string sub = child_path(path, "resources");
    check_keys(*resources, sub, {"limits", "reservations"}, {}, context);
    if (const Node* x = resources->find("limits"))
      service.limits = parse_resource_spec(*x, child_path(sub, "limits"), context);
    if (const Node* x = resources->find("reservations"))
      service.reservations = parse_resource_spec(*x, child_path(sub, "reservations"), context);
  }
}

int read_replica_count(const Node& node, const std::string& path) {
  int64_t count = read_int(node, path);
  if (count < 0 || count > std::numeric_limits<int>::max())
    fail_at(node.mark, path,
            "expected a replica count from 0 to " +
                std::to_string(std::numeric_limits<int>::max()) + ", got " + std::to_string(count));
  return static_cast<int>(count);
}

std::map<std::string, Ulimit> parse_ulimits(const Node& node, const std::string& path,
                                            ParseContext& context) {
  expect_mapping(node, path);
  std::map<std::string, Ulimit> limits;
  for (const auto& entry : node.entries) {
    std::string sub = child_path(path, entry.key);
    if (entry.value.is_scalar()) {
      int64_t value = read_int(entry.value, sub);
      limits[entry.key] = Ulimit{value, value};
      continue;
    }
    check_keys(entry.value, sub, {"soft", "hard"}, {}, context);
    const Node* soft = entry.value.find("soft");
    const Node* hard = entry.value.find("hard");
    if (!soft || !hard) fail_at(entry.value.mark, sub, "a ulimit needs both \"soft\" and \"hard\"");
    Ulimit limit{read_int(*soft, child_path(sub, "soft")),
                 read_int(*hard, child_path(sub, "hard"))};
    if (limit.soft > limit.hard) fail_at(entry.value.mark, sub, "soft limit exceeds hard limit");
    limits[entry.key] = limit;
  }
  return limits;
}

std::vector<FileReference> parse_file_references(const Node& node, const std::string& path,
                                                 ParseContext& context) {
  expect_sequence(node, path);
  std::vector<FileReference> references;
  for (size_t i = 0; i < node.items.size(); ++i) {
    const Node& item = node.items[i];
    std::string sub = item_path(path, i);
    FileReference reference;
    if (item.is_scalar()) {
      reference.source = item.value;
    } else {
      check_keys(item, sub, {"source", "target", "uid", "gid", "mode"}, {}, context);
      const Node* source = item.find("source");
      if (!source) fail_at(item.mark, sub, "missing \"source\"");
      reference.source = read_string(*source, child_path(sub, "source"));
      if (const Node* x = item.find("target"))
        reference.target = read_string(*x, child_path(sub, "target"));
      if (const Node* x = item.find("uid")) reference.uid = read_string(*x, child_path(sub, "uid"));
      if (const Node* x = item.find("gid")) reference.gid = read_string(*x, child_path(sub, "gid"));
      if (const Node* x = item.find("mode"))
        reference.mode = read_file_mode(*x, child_path(sub, "mode"));
    }
    references.push_back(std::move(reference));
  }
  return references;
}

namespace {
EnvFile read_env_file(const std::string& file, bool required, const Node& node,
                      const std::string& path, const ParseContext& context) {
  EnvFile env_file{resolve_path(file, context.working_dir), required, {}};
  std::error_code error;
  if (!std::filesystem::exists(env_file.path, error)) {
    if (required) fail_at(node.mark, path, "env file " + env_file.path + " not found");
    return env_file;
  }
  VariableLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
    auto it = context.environment.find(name);
    if (it == context.environment.end()) return std::nullopt;
    return it->second;
  };
  env_file.variables = read_dotenv_file(env_file.path, lookup);
  return env_file;
}
}  // namespace

std::vector<EnvFile> parse_env_files(const Node& node, const std::string& path,
                                     ParseContext& context) {
  if (node.is_scalar()) return {read_env_file(node.value, true, node, path, context)};
  expect_sequence(node, path);
  std::vector<EnvFile> files;
  for (size_t i = 0; i < node.items.size(); ++i) {
    const Node& item = node.items[i];
    std::string sub = item_path(path, i);
    if (item.is_scalar()) {
      files.push_back(read_env_file(item.value, true, item, sub, context));
      continue;
    }
    check_keys(item, sub, {"path", "required"}, {"format"}, context);
    const Node* file = item.find("path");
    if (!file) fail_at(item.mark, sub, "missing \"path\"");
    bool required = true;
    if (const Node* x = item.find("required"))
      required = read_bool(*x, child_path(sub, "required"));
    files.push_back(
        read_env_file(read_string(*file, child_path(sub, "path")), required, item, sub, context));
  }
  return files;
}

std::vector<DeviceMapping> parse_devices(const Node& node, const std::string& path) {
  expect_sequence(node, path);
  std::vector<DeviceMapping> devices;
  for (size_t i = 0; i < node.items.size(); ++i) {
    std::string text = read_string(node.items[i], item_path(path, i));
    DeviceMapping device;
    size_t first = text.find(':');
    device.source = text.substr(0, first);
    device.target = device.source;
    if (first != std::string::npos) {
      size_t second = text.find(':', first + 1);
      device.target = text.substr(
          first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
      if (second != std::string::npos) device.permissions = text.substr(second + 1);
    }
    bool permissions_valid = !device.permissions.empty() &&
                             device.permissions.find_first_not_of("rwm") == std::string::npos;
    if (device.source.empty() || device.source[0] != '/' || device.target.empty() ||
        device.target[0] != '/' || !permissions_valid)
      fail_at(node.items[i].mark, item_path(path, i),
              "a device is HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]] with absolute paths and "
              "permissions of r, w and m");
    devices.push_back(std::move(device));
  }
  return devices;
}

std::vector<std::string> parse_extra_hosts(const Node& node, const std::string& path) {
  std::vector<std::string> hosts;
  if (node.is_mapping()) {
    for (const auto& entry : node.entries) {
      if (entry.value.is_sequence()) {
        for (const auto& ip : read_string_list(entry.value, child_path(path, entry.key)))
          hosts.push_back(entry.key + "=" + ip);
      } else {
        hosts.push_back(entry.key + "=" + read_string(entry.value, child_path(path, entry.key)));
      }
    }
    return hosts;
  }
  expect_sequence(node, path);
  for (size_t i = 0; i < node.items.size(); ++i) {
    std::string text = read_string(node.items[i], item_path(path, i));
    size_t split = text.find_first_of("=:");
    if (split == std::string::npos)
      fail_at(node.items[i].mark, item_path(path, i), "expected HOST=IP or HOST:IP");
    std::string ip = text.substr(split + 1);
    if (ip.size() > 1 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
    hosts.push_back(text.substr(0, split) + "=" + ip);
  }
  return hosts;
}

}  // namespace berth::spec
