#pragma once

#include <map>
#include <optional>
#include <string>

namespace berth::storage {

// A local-driver volume's driver_opts turned into one mount(2) call, like
// `mount -t <type> -o <o> <device>`: type=none,o=bind,device=/srv/data or
// type=tmpfs,device=tmpfs,o=size=64m.
struct VolumeMount {
  std::string source;
  std::string fstype;
  unsigned long flags = 0;
  std::string data;
};

// nullopt for a plain volume (no driver_opts); throws berth::Error naming the
// option for anything unsupported.
std::optional<VolumeMount> parse_volume_driver_options(
    const std::map<std::string, std::string>& opts);

}  // namespace berth::storage
