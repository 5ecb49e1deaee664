#include "spec/resources_parser.h"

#include "spec/errors.h"

namespace berth::spec {

namespace {

// `external: true` or the legacy `external: {name: x}`.
bool read_external(const Node& node, const std::string& path, std::string& name) {
  const Node* external = node.find("external");
  if (!external || external->is_null()) return false;
  if (external->is_mapping()) {
    if (const Node* x = external->find("name"))
      name = read_string(*x, child_path(path, "external.name"));
    return true;
  }
  return read_bool(*external, child_path(path, "external"));
}

std::string resolve_name(const Node& node, const std::string& path, const std::string& key,
                         const std::string& project, bool& external) {
  std::string name;
  external = read_external(node, path, name);
  if (const Node* x = node.find("name")) name = read_string(*x, child_path(path, "name"));
  if (name.empty()) name = external ? key : project + "_" + key;
  return name;
}

IpamPool parse_pool(const Node& node, const std::string& path, ParseContext& context) {
  check_keys(node, path, {"subnet", "ip_range", "gateway", "aux_addresses"}, {}, context);
  IpamPool pool;
  if (const Node* x = node.find("subnet"))
    pool.subnet = read_string(*x, child_path(path, "subnet"));
  if (const Node* x = node.find("ip_range"))
    pool.ip_range = read_string(*x, child_path(path, "ip_range"));
  if (const Node* x = node.find("gateway"))
    pool.gateway = read_string(*x, child_path(path, "gateway"));
  if (const Node* x = node.find("aux_addresses"))
    pool.aux_addresses = read_string_map(*x, child_path(path, "aux_addresses"));
  return pool;
}

void parse_ipam(Network& network, const Node& node, const std::string& path,
                ParseContext& context) {
  check_keys(node, path, {"driver", "config"}, {"options"}, context);
  if (const Node* x = node.find("driver"))
    network.ipam_driver = read_string(*x, child_path(path, "driver"));
  if (const Node* config = node.find("config")) {
    expect_sequence(*config, child_path(path, "config"));
    for (size_t i = 0; i < config->items.size(); ++i)
      network.ipam_config.push_back(
          parse_pool(config->items[i], item_path(child_path(path, "config"), i), context));
  }
}

}  // namespace

Network parse_network(const std::string& key, const Node& node, const std::string& project,
                      ParseContext& context) {
  std::string path = "networks." + key;
  Network network;
  network.key = key;
  if (node.is_null()) {
    network.name = project + "_" + key;
    return network;
  }
  check_keys(node, path,
             {"driver", "driver_opts", "ipam", "internal", "external", "name", "labels",
              "attachable", "enable_ipv6"},
             {"enable_ipv4"}, context);
  network.name = resolve_name(node, path, key, project, network.external);
  if (const Node* x = node.find("driver"))
    network.driver = read_string(*x, child_path(path, "driver"));
  if (const Node* x = node.find("driver_opts"))
    network.driver_opts = read_string_map(*x, child_path(path, "driver_opts"));
  if (const Node* x = node.find("ipam")) parse_ipam(network, *x, child_path(path, "ipam"), context);
  if (const Node* x = node.find("internal"))
    network.internal = read_bool(*x, child_path(path, "internal"));
  if (const Node* x = node.find("attachable"))
    network.attachable = read_bool(*x, child_path(path, "attachable"));
  if (const Node* x = node.find("enable_ipv6"))
    network.enable_ipv6 = read_bool(*x, child_path(path, "enable_ipv6"));
  if (const Node* x = node.find("labels"))
    network.labels = read_string_map(*x, child_path(path, "labels"));
  if (network.driver.empty() && !network.external) network.driver = "bridge";
  return network;
}

Volume parse_volume(const std::string& key, const Node& node, const std::string& project,
                    ParseContext& context) {
  std::string path = "volumes." + key;
  Volume volume;
  volume.key = key;
  if (node.is_null()) {
    volume.name = project + "_" + key;
    return volume;
  }
  check_keys(node, path, {"driver", "driver_opts", "external", "name", "labels"}, {}, context);
  volume.name = resolve_name(node, path, key, project, volume.external);
  if (const Node* x = node.find("driver"))
    volume.driver = read_string(*x, child_path(path, "driver"));
  if (const Node* x = node.find("driver_opts"))
    volume.driver_opts = read_string_map(*x, child_path(path, "driver_opts"));
  if (const Node* x = node.find("labels"))
    volume.labels = read_string_map(*x, child_path(path, "labels"));
  return volume;
}

FileObject parse_file_object(const std::string& kind, const std::string& key, const Node& node,
                             const std::string& project, ParseContext& context) {
  std::string path = kind + "." + key;
  FileObject object;
  object.key = key;
  check_keys(node, path, {"file", "environment", "content", "external", "name", "labels"},
             {"driver", "driver_opts", "template_driver"}, context);
  object.name = resolve_name(node, path, key, project, object.external);
  int sources = object.external ? 1 : 0;
  if (const Node* x = node.find("file")) {
    object.file = resolve_path(read_string(*x, child_path(path, "file")), context.working_dir);
    ++sources;
  }
  if (const Node* x = node.find("environment")) {
    object.environment = read_string(*x, child_path(path, "environment"));
    ++sources;
  }
  if (const Node* x = node.find("content")) {
    object.content = read_string(*x, child_path(path, "content"));
    ++sources;
  }
  if (const Node* x = node.find("labels"))
    object.labels = read_string_map(*x, child_path(path, "labels"));
  if (sources != 1)
    fail_at(node.mark, path,
            "needs exactly one of \"file\", \"environment\", \"content\" or \"external\"");
  return object;
}

}  // namespace berth::spec
