#include "spec/merge.h"

#include <set>

#include "spec/mounts.h"
#include "spec/ports.h"

namespace berth::spec {

namespace {

enum class SequenceRule {
  Append,
  Replace,
  UniqueByPort,
  UniqueByMountTarget,
  UniqueBySecretTarget,
  UniqueByConfigTarget,
  ByKey
};

const std::set<std::string> kKeyedLists = {"environment", "labels",     "extra_hosts", "sysctls",
                                           "networks",    "depends_on", "annotations"};

// Only service fields have special rules; `path` is where `node` sits.
SequenceRule rule_for(const std::vector<std::string>& path) {
  if (path.size() == 5 && path[0] == "services" && path[3] == "build" && path[4] == "args")
    return SequenceRule::ByKey;
  if (path.size() == 4 && path[0] == "services" && path[2] == "healthcheck" && path[3] == "test")
    return SequenceRule::Replace;
  if (path.size() != 3 || path[0] != "services") return SequenceRule::Append;
  const std::string& key = path[2];
  if (key == "command" || key == "entrypoint") return SequenceRule::Replace;
  if (key == "ports") return SequenceRule::UniqueByPort;
  if (key == "volumes") return SequenceRule::UniqueByMountTarget;
  if (key == "secrets") return SequenceRule::UniqueBySecretTarget;
  if (key == "configs") return SequenceRule::UniqueByConfigTarget;
  if (kKeyedLists.count(key)) return SequenceRule::ByKey;
  return SequenceRule::Append;
}

// Where a secret or config lands: its target, by default /run/secrets/<source>
// (relative targets there too) or /<source>, so `[token]` and
// `[{source: token, target: /run/secrets/token}]` are the same mount.
std::string file_target(const Node& item, bool secret) {
  const Node* target = item.is_mapping() ? item.find("target") : nullptr;
  const Node* source = item.is_mapping() ? item.find("source") : &item;
  std::string path = target ? target->value : source ? source->value : "";
  if (!path.empty() && path[0] == '/') return path;
  return (secret ? "/run/secrets/" : "/") + path;
}

std::string identity(const Node& item, SequenceRule rule) {
  ParseContext scratch;
  try {
    switch (rule) {
      case SequenceRule::UniqueByPort: {
        std::string key;
        for (const auto& port : parse_port(item, "", scratch)) key += port_identity(port) + ";";
        return key;
      }
      case SequenceRule::UniqueByMountTarget:
        return parse_mount(item, "", scratch).target;
      case SequenceRule::UniqueBySecretTarget:
      case SequenceRule::UniqueByConfigTarget:
        return file_target(item, rule == SequenceRule::UniqueBySecretTarget);
      default:
        return "";
    }
  } catch (const std::exception&) {
    return "invalid:" + item.mark.str();  // reported later by the typed parser
  }
}

void merge_unique(Node& base, const Node& overlay, SequenceRule rule) {
  for (const auto& item : overlay.items) {
    std::string key = identity(item, rule);
    bool replaced = false;
    for (auto& existing : base.items)
      if (identity(existing, rule) == key) {
        existing = item;
        replaced = true;
        break;
      }
    if (!replaced) base.items.push_back(item);
  }
}

Node keyed_form(const Node& node, const std::vector<std::string>& path) {
  if (!node.is_sequence()) return node;
  if (path.back() == "networks" || path.back() == "depends_on") {
    Node mapping = Node::mapping(node.mark);
    for (const auto& item : node.items)
      mapping.entries.push_back(Entry{item.value, item.mark, Node{}});
    return mapping;
  }
  return list_to_mapping(node, path.back() == "extra_hosts" ? "=:" : "=");
}

}  // namespace

Node list_to_mapping(const Node& list, std::string_view separators) {
  Node mapping = Node::mapping(list.mark);
  for (const auto& item : list.items) {
    size_t split = item.value.find_first_of(separators);
    Node value;
    value.mark = item.mark;
    if (split != std::string::npos) value = Node::scalar(item.value.substr(split + 1), item.mark);
    std::string key = item.value.substr(0, split);
    mapping.set(key, value);
  }
  return mapping;
}

void merge_nodes(Node& base, const Node& overlay, const std::vector<std::string>& path) {
  if (overlay.tag == "!override" || overlay.tag == "!reset") {
    base = overlay;
    return;
  }
  SequenceRule rule = rule_for(path);
  if (rule == SequenceRule::ByKey && (base.is_sequence() || overlay.is_sequence()) &&
      !base.is_null() && !overlay.is_null()) {
    base = keyed_form(base, path);
    merge_nodes(base, keyed_form(overlay, path), path);
    return;
  }
  if (base.is_mapping() && overlay.is_mapping()) {
    for (const auto& entry : overlay.entries) {
      if (entry.value.tag == "!reset") {
        base.erase(entry.key);
        continue;
      }
      Node* existing = base.find(entry.key);
      if (!existing) {
        base.entries.push_back(entry);
        continue;
      }
      std::vector<std::string> child = path;
      child.push_back(entry.key);
      merge_nodes(*existing, entry.value, child);
    }
    return;
  }
  if (base.is_sequence() && overlay.is_sequence()) {
    if (rule == SequenceRule::Replace)
      base = overlay;
    else if (rule == SequenceRule::Append)
      base.items.insert(base.items.end(), overlay.items.begin(), overlay.items.end());
    else
      merge_unique(base, overlay, rule);
    return;
  }
  base = overlay;
}

void strip_merge_tags(Node& node) {
  node.tag.clear();
  for (auto it = node.entries.begin(); it != node.entries.end();) {
    if (it->value.tag == "!reset") {
      it = node.entries.erase(it);
      continue;
    }
    strip_merge_tags(it->value);
    ++it;
  }
  for (auto& item : node.items) strip_merge_tags(item);
}

}  // namespace berth::spec
