#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "state/state_store.h"

namespace berth::storage {

// What compose asks for; the caller has already applied `<project>_<key>`
// naming (or `name:`) and the compose labels.
struct VolumeSpec {
  std::string name;
  std::string driver = "local";
  std::map<std::string, std::string> labels;
  // local driver: type (none/tmpfs), o (mount options: bind, size=..), device
  std::map<std::string, std::string> driver_opts;
  bool external = false;  // must exist already; berth never creates or removes it
};

struct Volume {
  std::string name;
  std::string driver;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> driver_opts;
  std::int64_t created = 0;
  std::filesystem::path mountpoint;  // the host dir a container mounts: <root>/volumes/<name>/_data
};

// Named volumes under <state root>/volumes, recorded in the state db.
class VolumeStore {
 public:
  explicit VolumeStore(state::StateStore& state);

  // Creates the volume, or returns it when it exists with the same driver options.
  Volume create(const VolumeSpec& spec);
  // Created on first use; an external one must exist.
  Volume ensure(const VolumeSpec& spec);
  std::optional<Volume> find(const std::string& name);
  Volume get(const std::string& name);
  // Volumes whose labels contain every given key=value.
  std::vector<Volume> list(const std::map<std::string, std::string>& label_filter = {});
  // Unmounts a driver_opts mount first, so a bind volume's host dir is never emptied.
  void remove(const std::string& name);

  // Prepares the volume for a container and returns the host path to mount:
  // a driver_opts volume (tmpfs, or bind of `device`) is mounted on its data dir.
  std::filesystem::path activate(const Volume& volume);
  // docker's copy-up: when the volume is still empty, the image content at
  // target (resolved inside rootfs, never outside) is copied in. Returns
  // whether anything was copied.
  bool populate_from_image(const Volume& volume, const std::filesystem::path& rootfs,
                           const std::string& target);

 private:
  Volume load(state::Statement& row) const;

  state::Database& db_;
  std::filesystem::path volumes_dir_;
};

}  // namespace berth::storage
