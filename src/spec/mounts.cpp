#include "spec/mounts.h"

#include <set>
#include <sstream>

#include "spec/errors.h"

namespace berth::spec {

namespace {

const std::set<std::string> kPropagations = {"shared",  "slave",  "private",
                                             "rshared", "rslave", "rprivate"};
const std::set<std::string> kConsistencies = {"consistent", "cached", "delegated"};

void check_target(const std::string& target, const Node& node, const std::string& path) {
  if (target.empty() || target[0] != '/')
    fail_at(node.mark, path, "mount target \"" + target + "\" must be an absolute path");
}

void apply_short_option(VolumeMount& mount, const std::string& option, const Node& node,
                        const std::string& path) {
  if (option == "ro")
    mount.read_only = true;
  else if (option == "rw")
    mount.read_only = false;
  else if (option == "z" || option == "Z")
    mount.bind_selinux = option;
  else if (option == "nocopy")
    mount.volume_nocopy = true;
  else if (kPropagations.count(option))
    mount.bind_propagation = option;
  else if (kConsistencies.count(option))
    mount.consistency = option;
  else
    fail_at(
        node.mark, path,
        "invalid volume option \"" + option + "\": expected ro, rw, z, Z, nocopy or a propagation");
}

VolumeMount parse_short(const Node& node, const std::string& path, const ParseContext& context) {
  std::vector<std::string> parts;
  std::stringstream stream(node.value);
  for (std::string part; std::getline(stream, part, ':');) parts.push_back(part);
  if (parts.empty() || parts.size() > 3)
    fail_at(node.mark, path,
            "invalid volume \"" + node.value + "\": expected [source:]target[:options]");
  VolumeMount mount;
  if (parts.size() == 1) {
    mount.type = "volume";
    mount.target = parts[0];
  } else {
    mount.source = parts[0];
    mount.target = parts[1];
    if (mount.source.empty())
      fail_at(node.mark, path, "invalid volume \"" + node.value + "\": empty source");
    if (is_host_path(mount.source)) {
      mount.type = "bind";
      mount.source = resolve_path(mount.source, context.working_dir);
      mount.bind_create_host_path = true;
    } else {
      mount.type = "volume";
    }
  }
  check_target(mount.target, node, path);
  if (parts.size() == 3) {
    std::stringstream options(parts[2]);
    for (std::string option; std::getline(options, option, ',');)
      apply_short_option(mount, option, node, path);
  }
  return mount;
}

void parse_bind_options(VolumeMount& mount, const Node& node, const std::string& path,
                        ParseContext& context) {
  check_keys(node, path, {"propagation", "create_host_path", "selinux"}, {}, context);
  if (const Node* value = node.find("propagation")) {
    mount.bind_propagation = read_string(*value, child_path(path, "propagation"));
    if (!kPropagations.count(mount.bind_propagation))
      fail_at(value->mark, child_path(path, "propagation"), "unknown propagation");
  }
  if (const Node* value = node.find("create_host_path"))
    mount.bind_create_host_path = read_bool(*value, child_path(path, "create_host_path"));
  if (const Node* value = node.find("selinux")) {
    mount.bind_selinux = read_string(*value, child_path(path, "selinux"));
    if (mount.bind_selinux != "z" && mount.bind_selinux != "Z")
      fail_at(value->mark, child_path(path, "selinux"), "expected z or Z");
  }
}

void parse_typed_options(VolumeMount& mount, const Node& node, const std::string& path,
                         ParseContext& context) {
  if (const Node* bind = node.find("bind"))
    parse_bind_options(mount, *bind, child_path(path, "bind"), context);
  if (const Node* volume = node.find("volume")) {
    std::string sub = child_path(path, "volume");
    check_keys(*volume, sub, {"nocopy", "subpath"}, {"labels"}, context);
    if (const Node* value = volume->find("nocopy"))
      mount.volume_nocopy = read_bool(*value, child_path(sub, "nocopy"));
    if (const Node* value = volume->find("subpath"))
      mount.volume_subpath = read_string(*value, child_path(sub, "subpath"));
  }
  if (const Node* tmpfs = node.find("tmpfs")) {
    std::string sub = child_path(path, "tmpfs");
    check_keys(*tmpfs, sub, {"size", "mode"}, {}, context);
    if (const Node* value = tmpfs->find("size"))
      mount.tmpfs_size = read_byte_size(*value, child_path(sub, "size"));
    if (const Node* value = tmpfs->find("mode"))
      mount.tmpfs_mode = read_file_mode(*value, child_path(sub, "mode"));
  }
}

VolumeMount parse_long_volume(const Node& node, const std::string& path, ParseContext& context) {
  check_keys(node, path,
             {"type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs"},
             {"image"}, context);
  VolumeMount mount;
  const Node* type = node.find("type");
  if (!type) fail_at(node.mark, path, "missing \"type\" (bind, volume or tmpfs)");
  mount.type = read_string(*type, child_path(path, "type"));
  static const std::set<std::string> kTypes = {"bind",  "volume",  "tmpfs",
                                               "npipe", "cluster", "image"};
  if (!kTypes.count(mount.type))
    fail_at(type->mark, child_path(path, "type"),
            "invalid mount type \"" + mount.type + "\": expected bind, volume or tmpfs");
  const Node* target = node.find("target");
  if (!target) fail_at(node.mark, path, "missing \"target\"");
  mount.target = read_string(*target, child_path(path, "target"));
  check_target(mount.target, *target, child_path(path, "target"));
  if (const Node* source = node.find("source"))
    mount.source = read_string(*source, child_path(path, "source"));
  if (mount.type == "bind") {
    if (mount.source.empty()) fail_at(node.mark, path, "a bind mount needs a \"source\"");
    mount.source = resolve_path(mount.source, context.working_dir);
  }
  if (mount.type == "tmpfs" && !mount.source.empty())
    fail_at(node.mark, path, "a tmpfs mount takes no \"source\"");
  if (const Node* value = node.find("read_only"))
    mount.read_only = read_bool(*value, child_path(path, "read_only"));
  if (const Node* value = node.find("consistency"))
    mount.consistency = read_string(*value, child_path(path, "consistency"));
  parse_typed_options(mount, node, path, context);
  return mount;
}

}  // namespace

bool is_host_path(const std::string& source) {
  return !source.empty() && (source[0] == '/' || source[0] == '.' || source[0] == '~');
}

VolumeMount parse_mount(const Node& node, const std::string& path, ParseContext& context) {
  if (node.is_mapping()) return parse_long_volume(node, path, context);
  if (!node.is_scalar())
    fail_at(node.mark, path,
            std::string("expected a volume string or mapping, got ") + kind_name(node.kind));
  return parse_short(node, path, context);
}

}  // namespace berth::spec
