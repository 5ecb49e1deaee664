#include "engine/container_mounts.h"

#include <sys/stat.h>
#include <unistd.h>

#include "storage/bind_source.h"
#include "util/error.h"

namespace berth::engine {

namespace {
std::string anonymous_volume_name(const std::string& container, size_t index) {
  return container + "_anon" + std::to_string(index);
}

storage::VolumeSpec volume_spec(const spec::Project& project, const spec::VolumeMount& mount,
                                const std::string& container, size_t index) {
  storage::VolumeSpec volume;
  volume.labels = {{"com.docker.compose.project", project.name}};
  if (mount.source.empty()) {
    volume.name = anonymous_volume_name(container, index);
    volume.labels[kAnonymousVolumeLabel] = "true";
    return volume;
  }
  auto it = project.volumes.find(mount.source);
  if (it == project.volumes.end())
    throw Error("volume is not defined at the top level", mount.source);
  const auto& declared = it->second;
  volume.name = declared.name;
  if (!declared.driver.empty()) volume.driver = declared.driver;
  volume.driver_opts = declared.driver_opts;
  volume.external = declared.external;
  for (const auto& [key, value] : declared.labels) volume.labels[key] = value;
  volume.labels["com.docker.compose.volume"] = declared.key;
  return volume;
}

std::vector<std::string> read_only_option(bool read_only) {
  return read_only ? std::vector<std::string>{"ro"} : std::vector<std::string>{};
}

runtime::MountSpec tmpfs_mount(const std::string& target, const std::optional<int64_t>& size,
                               const std::optional<uint32_t>& mode) {
  runtime::MountSpec mount{"tmpfs", target, "tmpfs", {"nosuid", "nodev"}};
  if (size) mount.options.push_back("size=" + std::to_string(*size));
  if (mode) {
    char octal[16];
    std::snprintf(octal, sizeof octal, "mode=%o", *mode);
    mount.options.push_back(octal);
  }
  return mount;
}

void give_to_container_root(const std::filesystem::path& directory, const IdMapping& userns) {
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) throw_errno("reading volume", directory.string());
  if (info.st_uid != 0 || info.st_gid != 0) return;  // someone's already: left as it is
  if (::chown(directory.c_str(), userns.host_uid, userns.host_gid) != 0)
    throw_errno("giving the volume to the container's root", directory.string());
}

// `tmpfs: ["/run", "/cache:size=64m,mode=1777"]`: the options go to mount(2) as given.
runtime::MountSpec short_tmpfs_mount(const std::string& entry) {
  auto colon = entry.find(':');
  runtime::MountSpec mount{"tmpfs", entry.substr(0, colon), "tmpfs", {"nosuid", "nodev"}};
  if (colon != std::string::npos) {
    std::string options = entry.substr(colon + 1);
    for (size_t start = 0; start <= options.size();) {
      size_t comma = options.find(',', start);
      std::string option = options.substr(start, comma - start);
      if (!option.empty()) mount.options.push_back(option);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return mount;
}
}  // namespace

std::set<std::string> named_volumes_of(const spec::Project& project, const spec::Service& service) {
  std::set<std::string> names;
  for (size_t i = 0; i < service.volumes.size(); ++i)
    if (service.volumes[i].type == "volume" && !service.volumes[i].source.empty())
      names.insert(volume_spec(project, service.volumes[i], {}, i).name);
  return names;
}

bool is_anonymous_volume_of(const storage::Volume& volume, const std::string& container) {
  return volume.labels.count(kAnonymousVolumeLabel) &&
         volume.name.rfind(container + "_anon", 0) == 0;
}

MountNames mount_names(const spec::Project& project, const spec::Service& service,
                       const std::string& container) {
  MountNames out;
  for (size_t i = 0; i < service.volumes.size(); ++i) {
    const auto& mount = service.volumes[i];
    if (mount.type == "volume") {
      out.names.push_back(volume_spec(project, mount, container, i).name);
      ++out.volumes;
    } else if (mount.type == "bind") {
      out.names.push_back(
          (std::filesystem::path(project.working_dir) / mount.source).lexically_normal().string());
    }
  }
  return out;
}

std::vector<runtime::MountSpec> resolve_service_mounts(const spec::Project& project,
                                                       const spec::Service& service,
                                                       const std::string& container,
                                                       const std::filesystem::path& rootfs,
                                                       storage::VolumeStore& volumes,
                                                       const std::optional<IdMapping>& userns) {
  std::vector<runtime::MountSpec> mounts;
  for (size_t i = 0; i < service.volumes.size(); ++i) {
    const auto& mount = service.volumes[i];
    if (mount.type == "bind") {
      auto source = storage::resolve_bind_source(mount.source, project.working_dir,
                                                 mount.bind_create_host_path.value_or(false));
      mounts.push_back({source, mount.target, "bind", read_only_option(mount.read_only)});
    } else if (mount.type == "volume") {
      auto volume = volumes.ensure(volume_spec(project, mount, container, i));
      auto data = volumes.activate(volume);
      if (!mount.volume_nocopy) volumes.populate_from_image(volume, rootfs, mount.target);
      if (userns) give_to_container_root(data, *userns);
      if (!mount.volume_subpath.empty()) data /= mount.volume_subpath;
      mounts.push_back({data, mount.target, "bind", read_only_option(mount.read_only)});
    } else if (mount.type == "tmpfs") {
      mounts.push_back(tmpfs_mount(mount.target, mount.tmpfs_size, mount.tmpfs_mode));
    } else {
      throw Error("mount type is not supported by berth", mount.type + " at " + mount.target);
    }
  }
  for (const auto& entry : service.tmpfs) mounts.push_back(short_tmpfs_mount(entry));
  return mounts;
}

}  // namespace berth::engine
