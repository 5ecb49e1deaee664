#include "spec/paths.h"

#include <filesystem>

#include "spec/mounts.h"
#include "spec/reader.h"

namespace berth::spec {

namespace {

void absolutize_scalar(Node* node, const std::string& base) {
  if (node && node->is_scalar() && node->value.find("://") == std::string::npos)
    node->value = resolve_path(node->value, base);
}

void absolutize_volume(Node& item, const std::string& base) {
  if (item.is_mapping()) {
    const Node* type = item.find("type");
    if (type && type->value == "bind") absolutize_scalar(item.find("source"), base);
    return;
  }
  if (!item.is_scalar()) return;
  size_t colon = item.value.find(':');
  if (colon == std::string::npos) return;
  std::string source = item.value.substr(0, colon);
  if (is_host_path(source)) item.value = resolve_path(source, base) + item.value.substr(colon);
}

void absolutize_service(Node& service, const std::string& base) {
  if (!service.is_mapping()) return;
  if (Node* build = service.find("build")) {
    if (build->is_scalar())
      absolutize_scalar(build, base);
    else if (build->is_mapping()) {
      if (build->find("context"))
        absolutize_scalar(build->find("context"), base);
      else
        build->set("context", Node::scalar(base, build->mark));
    }
  }
  if (Node* env_file = service.find("env_file")) {
    if (env_file->is_scalar()) absolutize_scalar(env_file, base);
    for (auto& item : env_file->items)
      absolutize_scalar(item.is_mapping() ? item.find("path") : &item, base);
  }
  if (Node* volumes = service.find("volumes"))
    for (auto& item : volumes->items) absolutize_volume(item, base);
  if (Node* extends = service.find("extends"); extends && extends->is_mapping())
    absolutize_scalar(extends->find("file"), base);
}

}  // namespace

void absolutize_paths(Node& root, const std::string& base_dir) {
  if (!root.is_mapping()) return;
  if (Node* services = root.find("services"))
    for (auto& entry : services->entries) absolutize_service(entry.value, base_dir);
  for (const char* section : {"configs", "secrets"})
    if (Node* objects = root.find(section))
      for (auto& entry : objects->entries)
        if (entry.value.is_mapping()) absolutize_scalar(entry.value.find("file"), base_dir);
}

std::string directory_of(const std::string& file) {
  return std::filesystem::absolute(file).parent_path().lexically_normal().string();
}

}  // namespace berth::spec
