#include "engine/namespace_sharing.h"

#include "engine/container_lifecycle.h"
#include "runtime/spec_json.h"
#include "runtime/supervisor.h"
#include "util/error.h"

namespace berth::engine {

namespace {
using Kind = runtime::NamespaceShare::Kind;

// The target's spec file, after checking the target exists.
std::string target_spec_file(EngineContext& context, const std::string& target,
                             const std::string& what) {
  auto spec_file = runtime::ContainerFiles{context.runtime_dir(target)}.spec();
  if (!context.containers.find(target) || !std::filesystem::exists(spec_file))
    throw Error("cannot share the " + what + " namespace of a container that does not exist",
                target);
  return spec_file;
}

runtime::NamespaceShare share_of(EngineContext& context, const spec::Project& project,
                                 const std::string& mode) {
  if (mode == "host") return {Kind::host, {}};
  auto target = shared_container(project, mode);
  if (target.empty()) return {};
  return {Kind::container, context.runtime_dir(target).string()};
}
}  // namespace

std::string shared_container(const spec::Project& project, const std::string& mode) {
  if (mode.starts_with("container:")) return mode.substr(10);
  if (!mode.starts_with("service:")) return {};
  auto target = project.services.find(mode.substr(8));
  if (target == project.services.end()) throw Error("no such service", mode.substr(8));
  return service_container_name(project.name, target->second, 1);
}

std::set<std::string> containers_shared_with(const spec::Project& project,
                                             const spec::Service& service) {
  std::set<std::string> targets;
  for (const auto* mode : {&service.network_mode, &service.pid, &service.ipc})
    if (auto target = shared_container(project, *mode); !target.empty()) targets.insert(target);
  return targets;
}

SharedNamespaces shared_namespaces_of(EngineContext& context, const spec::Project& project,
                                      const spec::Service& service) {
  SharedNamespaces shared;
  shared.pid = share_of(context, project, service.pid);
  shared.ipc = share_of(context, project, service.ipc);
  shared.shareable = service.ipc == "shareable";
  if (shared.pid.kind == Kind::container)
    target_spec_file(context, shared_container(project, service.pid), "pid");
  if (shared.ipc.kind == Kind::host) shared.shm_source = "/dev/shm";
  if (shared.ipc.kind == Kind::container) {
    auto target = shared_container(project, service.ipc);
    auto donor = runtime::read_spec_file(target_spec_file(context, target, "ipc"));
    if (donor.shm_source.empty())
      throw Error(
          "cannot share the ipc namespace of a container that is not shareable "
          "(give it ipc: shareable)",
          target);
    shared.shm_source = donor.shm_source;
  }
  return shared;
}

}  // namespace berth::engine
