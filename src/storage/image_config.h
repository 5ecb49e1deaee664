#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::storage {

// What an image says about how to run it (the "config" object of an OCI image
// config); empty vectors and strings mean "not set by the image".
struct ContainerDefaults {
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::vector<std::string> env;  // "KEY=value"
  std::string working_dir;
  std::string user;
  std::vector<std::string> exposed_ports;  // "80/tcp"
  std::vector<std::string> volumes;        // container paths
  std::map<std::string, std::string> labels;
  std::string stop_signal;

  bool operator==(const ContainerDefaults&) const = default;
};

// An OCI image config (application/vnd.oci.image.config.v1+json).
struct ImageConfig {
  std::string architecture = "amd64";
  std::string os = "linux";
  std::string created;  // RFC 3339
  ContainerDefaults defaults;
  std::vector<std::string> diff_ids;  // bottom layer first
};

ImageConfig parse_image_config(std::string_view json);
std::string serialize_image_config(const ImageConfig& config);

// Applies one Dockerfile-style instruction given to `import --change`:
// CMD, ENTRYPOINT (JSON or shell form), ENV, WORKDIR, USER, EXPOSE, VOLUME, LABEL,
// STOPSIGNAL. Throws berth::Error naming the instruction otherwise.
void apply_change(ContainerDefaults& defaults, std::string_view instruction);

}  // namespace berth::storage
