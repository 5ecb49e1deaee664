#include "storage/volume_driver_options.h"

#include <sys/mount.h>

#include <filesystem>
#include <sstream>

#include "util/error.h"

namespace berth::storage {

namespace {
const std::map<std::string, unsigned long>& mount_flags() {
  static const std::map<std::string, unsigned long> flags = {
      {"bind", MS_BIND},     {"rbind", MS_BIND | MS_REC}, {"ro", MS_RDONLY},    {"rw", 0},
      {"nosuid", MS_NOSUID}, {"nodev", MS_NODEV},         {"noexec", MS_NOEXEC}};
  return flags;
}

std::string option(const std::map<std::string, std::string>& opts, const char* key) {
  auto it = opts.find(key);
  return it == opts.end() ? "" : it->second;
}
}  // namespace

std::optional<VolumeMount> parse_volume_driver_options(
    const std::map<std::string, std::string>& opts) {
  if (opts.empty()) return std::nullopt;
  for (const auto& [key, _] : opts)
    if (key != "type" && key != "o" && key != "device")
      throw Error("unsupported volume driver_opts key (type, o, device)", key);
  VolumeMount mount;
  std::string type = option(opts, "type");
  mount.source = option(opts, "device");
  std::istringstream list(option(opts, "o"));
  for (std::string item; std::getline(list, item, ',');) {
    if (item.empty()) continue;
    auto flag = mount_flags().find(item);
    if (flag != mount_flags().end())
      mount.flags |= flag->second;
    else
      mount.data += (mount.data.empty() ? "" : ",") + item;
  }
  if (type == "tmpfs") {
    mount.fstype = "tmpfs";
    if (mount.source.empty()) mount.source = "tmpfs";
  } else if ((type == "none" || type.empty()) && (mount.flags & MS_BIND)) {
    if (!std::filesystem::path(mount.source).is_absolute())
      throw Error("bind volume needs an absolute device path",
                  "driver_opts.device=" + mount.source);
    mount.fstype = "none";
  } else {
    throw Error("unsupported volume type (tmpfs, or none with o=bind)", "driver_opts.type=" + type);
  }
  return mount;
}

}  // namespace berth::storage
