#include "storage/volume_store.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>

#include "storage/safe_path.h"
#include "storage/storage_schema.h"
#include "storage/tree_copy.h"
#include "storage/volume_driver_options.h"
#include "util/error.h"
#include "util/mount_point.h"

namespace berth::storage {

namespace fs = std::filesystem;
using StringMap = std::map<std::string, std::string>;

namespace {
void validate_name(const std::string& name) {
  static const std::regex pattern("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  if (!std::regex_match(name, pattern))
    throw Error("invalid volume name (allowed: [a-zA-Z0-9][a-zA-Z0-9_.-]*)", name);
}

bool is_empty_dir(const fs::path& path) {
  return fs::is_directory(path) && fs::directory_iterator(path) == fs::directory_iterator();
}
}  // namespace

VolumeStore::VolumeStore(state::StateStore& state)
    : db_(state.db()), volumes_dir_(state.locations().state_root / "volumes") {
  state::apply_migrations(db_, storage_migrations());
  fs::create_directories(volumes_dir_);
}

Volume VolumeStore::load(state::Statement& row) const {
  Volume volume;
  volume.name = row.column_text(0);
  volume.driver = row.column_text(1);
  volume.labels = nlohmann::json::parse(row.column_text(2)).get<StringMap>();
  volume.driver_opts = nlohmann::json::parse(row.column_text(3)).get<StringMap>();
  volume.created = row.column_int(4);
  volume.mountpoint = volumes_dir_ / volume.name / "_data";
  return volume;
}

std::optional<Volume> VolumeStore::find(const std::string& name) {
  auto row = db_.prepare(
      "SELECT name, driver, labels, options, created FROM storage_volumes WHERE name = ?");
  row.bind(1, name);
  if (!row.step()) return std::nullopt;
  return load(row);
}

Volume VolumeStore::get(const std::string& name) {
  auto volume = find(name);
  if (!volume) throw Error("no such volume", name);
  return *volume;
}

Volume VolumeStore::create(const VolumeSpec& spec) {
  validate_name(spec.name);
  if (spec.driver != "local")
    throw Error("volume driver \"" + spec.driver + "\" is not supported (only local)", spec.name);
  parse_volume_driver_options(spec.driver_opts);  // reject bad options before anything exists
  if (auto existing = find(spec.name)) {
    if (existing->driver_opts != spec.driver_opts)
      throw Error("volume exists with different driver_opts", spec.name);
    return *existing;
  }
  fs::create_directories(volumes_dir_ / spec.name / "_data");
  db_.execute(
      "INSERT INTO storage_volumes (name, driver, labels, options, created) VALUES (?, ?, ?, ?, ?)",
      {spec.name, spec.driver, nlohmann::json(spec.labels).dump(),
       nlohmann::json(spec.driver_opts).dump(), static_cast<std::int64_t>(std::time(nullptr))});
  return get(spec.name);
}

Volume VolumeStore::ensure(const VolumeSpec& spec) {
  if (!spec.external) return create(spec);
  auto volume = find(spec.name);
  if (!volume)
    throw Error("external volume does not exist (create it with berth volume create)", spec.name);
  return *volume;
}

std::vector<Volume> VolumeStore::list(const StringMap& label_filter) {
  auto rows = db_.prepare(
      "SELECT name, driver, labels, options, created FROM storage_volumes ORDER BY name");
  std::vector<Volume> volumes;
  while (rows.step()) {
    auto volume = load(rows);
    bool matches = true;
    for (const auto& [key, value] : label_filter) {
      auto it = volume.labels.find(key);
      matches = matches && it != volume.labels.end() && (value.empty() || it->second == value);
    }
    if (matches) volumes.push_back(std::move(volume));
  }
  return volumes;
}

fs::path VolumeStore::activate(const Volume& volume) {
  auto options = parse_volume_driver_options(volume.driver_opts);
  if (!options || is_mount_point(volume.mountpoint)) return volume.mountpoint;
  fs::create_directories(volume.mountpoint);
  if (::mount(options->source.c_str(), volume.mountpoint.c_str(), options->fstype.c_str(),
              options->flags, options->data.c_str()) != 0)
    throw_errno("mounting volume " + volume.name + " from " + options->source, volume.mountpoint);
  return volume.mountpoint;
}

void VolumeStore::remove(const std::string& name) {
  auto volume = get(name);
  while (is_mount_point(volume.mountpoint))
    if (::umount2(volume.mountpoint.c_str(), MNT_DETACH) != 0)
      throw_errno("unmounting volume", volume.mountpoint.string());
  // A driver_opts volume's data lives elsewhere: only its empty mountpoint goes,
  // so even an undetected mount could never be emptied.
  if (!volume.driver_opts.empty() && ::rmdir(volume.mountpoint.c_str()) != 0 && errno != ENOENT)
    throw_errno("removing volume mountpoint", volume.mountpoint.string());
  db_.execute("DELETE FROM storage_volumes WHERE name = ?", {name});
  remove_tree_at(AT_FDCWD, (volumes_dir_ / name).string());
}

bool VolumeStore::populate_from_image(const Volume& volume, const fs::path& rootfs,
                                      const std::string& target) {
  if (!is_empty_dir(volume.mountpoint)) return false;
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root) throw_errno("opening container rootfs", rootfs.string());
  auto components = clean_entry_path(target);
  UniqueFd source = open_in_root(root.get(), join_components(components, components.size()),
                                 O_PATH | O_DIRECTORY);
  if (!source) return false;  // nothing in the image at target
  UniqueFd destination(::open(volume.mountpoint.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!destination) throw_errno("opening volume", volume.mountpoint.string());
  copy_tree(source.get(), destination.get());
  return true;
}

}  // namespace berth::storage
