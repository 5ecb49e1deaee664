#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/namespace_sharing.h"
#include "runtime/container_spec.h"
#include "spec/model.h"
#include "storage/image_store.h"

namespace berth::engine {

// What is decided about one container before its runtime spec can be written.
struct AssemblyInputs {
  const spec::Project& project;
  const spec::Service& service;
  const storage::Image& image;
  std::string id;
  std::string name;
  std::string hostname;
  std::filesystem::path rootfs;
  std::string netns_path;
  bool host_network = false;
  SharedNamespaces namespaces;
  std::vector<runtime::MountSpec> mounts;
  std::filesystem::path log_path;
  std::filesystem::path events_path;
  std::filesystem::path seccomp_cache;
};

// The runtime spec of one container: the image's defaults combined with the
// service's settings as docker does.
runtime::ContainerSpec assemble_container(const AssemblyInputs& inputs);

}  // namespace berth::engine
