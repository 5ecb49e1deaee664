#include "spec/validate.h"

#include <algorithm>
#include <map>

#include "spec/errors.h"
#include "spec/graph.h"
#include "spec/validate_addressing.h"

namespace berth::spec {

namespace {

// The node at services.<service>.<key>, for its mark; falls back to the service.
Mark mark_of(const Node& root, const std::string& service, const std::string& key = {}) {
  const Node* services = root.find("services");
  const Node* node = services ? services->find(service) : nullptr;
  if (!node) return root.mark;
  if (const Node* child = key.empty() ? nullptr : node->find(key)) return child->mark;
  return node->mark;
}

void check_dependencies(Project& project, const Node& root) {
  for (auto& [name, service] : project.services) {
    for (auto it = service.depends_on.begin(); it != service.depends_on.end();) {
      const std::string& target = it->first;
      if (project.services.count(target)) {
        ++it;
        continue;
      }
      bool disabled =
          std::count(project.disabled_services.begin(), project.disabled_services.end(), target);
      std::string path = "services." + name + ".depends_on." + target;
      std::string why = disabled
                            ? "service \"" + target + "\" is not enabled by the active profiles"
                            : "undefined service \"" + target + "\"";
      if (it->second.required) fail_at(mark_of(root, name, "depends_on"), path, why);
      project.warnings.push_back(describe_at(mark_of(root, name, "depends_on"), path,
                                             why + ", optional dependency ignored"));
      it = service.depends_on.erase(it);
    }
  }
}

// For network_mode, pid and ipc: a value naming another container
// (service:NAME, container:NAME) must name something, and a service of the
// project other than this one. Returns whether the value names a container.
bool check_shared_target(const Project& project, const Mark& mark, const std::string& path,
                         const std::string& key, const std::string& mode,
                         const std::string& service, const std::string& self_refusal) {
  bool joins_service = mode.starts_with("service:");
  if (!joins_service && !mode.starts_with("container:")) return false;
  std::string target = mode.substr(mode.find(':') + 1);
  if (target.empty()) fail_at(mark, path, key + " \"" + mode + "\" names nothing");
  if (joins_service && !project.services.count(target))
    fail_at(mark, path, "undefined service \"" + target + "\"");
  if (joins_service && target == service) fail_at(mark, path, self_refusal);
  return true;
}

// The settings docker refuses for a container that lives in another's network
// namespace: that namespace's addresses, names and resolver are the other's.
void check_joined_network(const Service& service, const Node& root) {
  std::vector<std::pair<const char*, bool>> conflicting = {
      {"ports", !service.ports.empty()},
      {"expose", !service.expose.empty()},
      {"hostname", !service.hostname.empty()},
      {"dns", !service.dns.empty()},
      {"dns_search", !service.dns_search.empty()},
      {"dns_opt", !service.dns_opt.empty()},
      {"extra_hosts", !service.extra_hosts.empty()}};
  for (const auto& [key, set] : conflicting)
    if (set)
      fail_at(mark_of(root, service.name, key), "services." + service.name + "." + key,
              std::string(key) + " cannot be combined with network_mode \"" + service.network_mode +
                  "\": the container uses the other's network");
}

// As compose does: a service that uses another's network, processes or IPC
// depends on it.
void add_implicit_dependencies(Project& project) {
  for (auto& [name, service] : project.services)
    for (const std::string* mode : {&service.network_mode, &service.pid, &service.ipc})
      if (mode->starts_with("service:")) service.depends_on.try_emplace(mode->substr(8));
}

// pid and ipc: the container's own namespace, the host's or another's.
void check_namespace_mode(const Project& project, const Node& root, const Service& service,
                          const std::string& key, const std::string& mode,
                          const std::vector<std::string>& own_modes) {
  if (mode.empty()) return;
  Mark mark = mark_of(root, service.name, key);
  std::string path = "services." + service.name + "." + key;
  bool joins = check_shared_target(project, mark, path, key, mode, service.name,
                                   "a service cannot share its own " + key + " namespace");
  bool known = joins || mode == "host" ||
               std::find(own_modes.begin(), own_modes.end(), mode) != own_modes.end();
  std::string expected;
  for (const auto& own : own_modes) expected += own + ", ";
  if (!known)
    fail_at(mark, path,
            "unknown " + key + " mode \"" + mode + "\" (expected " + expected +
                "host, service:NAME or container:NAME)");
}

void check_namespace_modes(const Project& project, const Node& root) {
  for (const auto& [name, service] : project.services) {
    check_namespace_mode(project, root, service, "pid", service.pid, {});
    check_namespace_mode(project, root, service, "ipc", service.ipc, {"private", "shareable"});
  }
}

void check_network_modes(Project& project, const Node& root) {
  for (const auto& [name, service] : project.services) {
    const std::string& mode = service.network_mode;
    if (mode.empty()) continue;
    Mark mark = mark_of(root, name, "network_mode");
    std::string path = "services." + name + ".network_mode";
    bool joins = check_shared_target(project, mark, path, "network_mode", mode, name,
                                     "a service cannot use its own network");
    if (!joins && mode != "none" && mode != "host" && mode != "bridge" && mode != "default")
      fail_at(mark, path,
              "unknown network mode \"" + mode +
                  "\" (expected none, host, bridge, service:NAME or container:NAME; list "
                  "networks under networks:)");
    if (joins) check_joined_network(service, root);
    if (joins || mode == "host")
      for (const auto& [key, value] : service.sysctls)
        if (key.starts_with("net."))
          fail_at(mark_of(root, name, "sysctls"), "services." + name + ".sysctls." + key,
                  "net.* sysctls cannot be set with network_mode \"" + mode +
                      "\": the network namespace is not the container's own");
    if (mode == "host" && !service.ports.empty())
      project.warnings.push_back(describe_at(mark_of(root, name, "ports"),
                                             "services." + name + ".ports",
                                             "published ports are discarded when using host "
                                             "network mode"));
  }
}

// Where a service refers to `reference` under `key`: the list item or map key.
std::pair<Mark, std::string> locate_reference(const Node& root, const std::string& service,
                                              const std::string& key,
                                              const std::string& reference) {
  std::string path = "services." + service + "." + key;
  const Node* services = root.find("services");
  const Node* node =
      services && services->find(service) ? services->find(service)->find(key) : nullptr;
  if (!node) return {mark_of(root, service), path};
  for (const auto& entry : node->entries)
    if (entry.key == reference) return {entry.key_mark, path + "." + reference};
  for (size_t i = 0; i < node->items.size(); ++i) {
    const Node& item = node->items[i];
    const Node* source = item.is_mapping() ? item.find("source") : &item;
    if (source && (source->value == reference || source->value.rfind(reference + ":", 0) == 0))
      return {item.mark, path + "[" + std::to_string(i) + "]"};
  }
  return {node->mark, path};
}

template <typename Objects>
void check_defined(const Objects& objects, const std::string& kind, const std::string& name,
                   const Node& root, const std::string& key, const std::string& reference) {
  if (objects.count(reference)) return;
  auto [mark, path] = locate_reference(root, name, key, reference);
  fail_at(
      mark, path,
      "undefined " + kind + " \"" + reference + "\": define it under top-level \"" + key + ":\"");
}

void check_references(const Project& project, const Node& root) {
  for (const auto& [name, service] : project.services) {
    if (!service.network_mode.empty() && !service.networks.empty())
      fail_at(mark_of(root, name, "network_mode"), "services." + name + ".network_mode",
              "network_mode and networks cannot be combined");
    for (const auto& [network, settings] : service.networks)
      check_defined(project.networks, "network", name, root, "networks", network);
    for (const auto& mount : service.volumes)
      if (mount.type == "volume" && !mount.source.empty())
        check_defined(project.volumes, "volume", name, root, "volumes", mount.source);
    for (const auto& reference : service.configs)
      check_defined(project.configs, "config", name, root, "configs", reference.source);
    for (const auto& reference : service.secrets)
      check_defined(project.secrets, "secret", name, root, "secrets", reference.source);
  }
}

void check_container_names(const Project& project, const Node& root) {
  std::map<std::string, std::string> owners;
  for (const auto& [name, service] : project.services) {
    if (service.container_name.empty()) continue;
    std::string path = "services." + name + ".container_name";
    if (service.replicas.value_or(1) > 1)
      fail_at(mark_of(root, name, "container_name"), path,
              "a service with container_name cannot have more than one replica");
    auto [it, inserted] = owners.emplace(service.container_name, name);
    if (!inserted)
      fail_at(mark_of(root, name, "container_name"), path,
              "container_name \"" + service.container_name + "\" is already used by service \"" +
                  it->second + "\"");
  }
}

}  // namespace

void validate_project(Project& project, const Node& root) {
  check_dependencies(project, root);
  check_references(project, root);
  check_network_addressing(project, root);
  check_network_modes(project, root);
  check_namespace_modes(project, root);
  add_implicit_dependencies(project);
  check_container_names(project, root);
  auto cycle = find_dependency_cycle(project);
  if (!cycle.empty()) {
    std::string text;
    for (const auto& name : cycle) text += (text.empty() ? "" : " -> ") + name;
    fail_at(mark_of(root, cycle[0], "depends_on"), "services." + cycle[0] + ".depends_on",
            "dependency cycle: " + text);
  }
}

}  // namespace berth::spec
