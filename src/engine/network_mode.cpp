#include "engine/network_mode.h"

#include <sys/stat.h>

#include <fstream>

#include "engine/namespace_sharing.h"
#include "engine/service_settings.h"
#include "util/error.h"

namespace berth::engine {

namespace {
constexpr const char* kHostAttachment = "host";

std::string join_attachment(const std::string& target, const std::string& netns_path) {
  std::string attachment = "container:" + target;
  struct stat info {};
  if (PinnedNetns::is_pinned(netns_path) && ::stat(netns_path.c_str(), &info) == 0)
    attachment += "#" + std::to_string(info.st_ino);
  return attachment;
}

std::string first_line_of(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::string line;
  std::getline(file, line);
  return line;
}
}  // namespace

NetworkMode network_mode_of(const spec::Project& project, const spec::Service& service) {
  const std::string& mode = service.network_mode;
  if (mode == "host") return {NetworkMode::Kind::host, {}};
  if (auto target = shared_container(project, mode); !target.empty())
    return {NetworkMode::Kind::join, target};
  return {};
}

std::set<std::string> network_attachments(EngineContext& context, const spec::Project& project,
                                          const spec::Service& service) {
  auto mode = network_mode_of(project, service);
  if (mode.kind == NetworkMode::Kind::host) return {kHostAttachment};
  if (mode.kind == NetworkMode::Kind::join) {
    auto target = context.containers.find(mode.container);
    return {join_attachment(mode.container, target ? target->netns_path : "")};
  }
  std::set<std::string> names;
  for (const auto& [key, settings] : networks_of(service))
    names.insert(project.networks.at(key).name);
  return names;
}

JoinedNetwork joined_network(EngineContext& context, const std::string& target) {
  auto record = context.containers.find(target);
  if (!record) throw Error("cannot use the network of a container that does not exist", target);
  if (record->netns_path.empty())
    throw Error(
        "cannot join the network of a container on the host's network "
        "(use network_mode: host)",
        target);
  if (!PinnedNetns::is_pinned(record->netns_path))
    throw Error("cannot use the network of a container that has no network namespace", target);
  // A pin is named after the container that owns the namespace, which also
  // owns the /etc files: the target itself, or the one it joined in turn.
  auto owner = std::filesystem::path(record->netns_path).filename().string();
  auto etc_dir = context.rootfs.container_dir(owner);
  return {record->netns_path, join_attachment(target, record->netns_path), etc_dir,
          first_line_of(etc_dir / "hostname")};
}

}  // namespace berth::engine
