#include "storage/overlay_rootfs.h"

#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <regex>
#include <thread>

#include "storage/safe_path.h"
#include "util/error.h"
#include "util/mount_point.h"
#include "util/unique_fd.h"

namespace berth::storage {

namespace fs = std::filesystem;

namespace {
// The kernel copies mount data into one page.
constexpr std::size_t kMountDataLimit = 4095;

void validate_id(const std::string& id) {
  static const std::regex pattern("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  if (!std::regex_match(id, pattern)) throw Error("invalid container id for rootfs", id);
}

std::string overlay_options(const std::vector<std::string>& lowers, const fs::path& upper,
                            const fs::path& work) {
  std::string options = "lowerdir=";
  for (std::size_t i = 0; i < lowers.size(); ++i) options += (i ? ":" : "") + lowers[i];
  return options + ",upperdir=" + upper.string() + ",workdir=" + work.string();
}

// Relative lowerdirs are resolved against the caller's cwd; a thread with a
// working directory of its own (unshare CLONE_FS) changes it, so the rest of
// berth never sees it move. A thread, not a child process: forking berth costs
// a copy of its page tables and a copy-on-write fault for every page it then
// touches.
void mount_from(const fs::path& cwd, const fs::path& target, unsigned long flags,
                const std::string& options) {
  int error = 0;
  std::thread([&] {
    bool ok = ::unshare(CLONE_FS) == 0 && ::chdir(cwd.c_str()) == 0 &&
              ::mount("overlay", target.c_str(), "overlay", flags, options.c_str()) == 0;
    error = ok ? 0 : errno;
  }).join();
  if (error) throw_errno(error, "mounting overlay rootfs", target.string());
}
void configure(int context, unsigned int command, const char* key, const char* value, int fd,
               const fs::path& target) {
  if (::syscall(SYS_fsconfig, context, command, key, value, fd) != 0)
    throw_errno(std::string("mounting overlay rootfs (") + (key ? key : "create") + ")",
                target.string());
}

// The layers go to the kernel as idmapped mount fds (lowerdir+), which also
// sidesteps the one-page limit of mount options.
void mount_shifted(const std::vector<std::string>& lowers, const fs::path& upper,
                   const fs::path& work, const fs::path& target, bool read_only,
                   const IdMapping& shift) {
  if (::chown(upper.c_str(), shift.host_uid, shift.host_gid) != 0)
    throw_errno("giving the container's root its upper dir", upper.string());
  auto user_namespace = create_user_namespace(shift);
  UniqueFd context(static_cast<int>(::syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC)));
  if (!context) throw_errno("mounting overlay rootfs", target.string());
  std::vector<UniqueFd> trees;  // open until the overlay holds its own copies
  for (const auto& lower : lowers) {
    trees.push_back(idmapped_tree(lower, user_namespace));
    configure(context.get(), FSCONFIG_SET_FD, "lowerdir+", nullptr, trees.back().get(), target);
  }
  configure(context.get(), FSCONFIG_SET_STRING, "upperdir", upper.c_str(), 0, target);
  configure(context.get(), FSCONFIG_SET_STRING, "workdir", work.c_str(), 0, target);
  configure(context.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0, target);
  UniqueFd mount(static_cast<int>(
      ::syscall(SYS_fsmount, context.get(), FSMOUNT_CLOEXEC, read_only ? MOUNT_ATTR_RDONLY : 0)));
  if (!mount) throw_errno("mounting overlay rootfs", target.string());
  if (::syscall(SYS_move_mount, mount.get(), "", AT_FDCWD, target.c_str(),
                MOVE_MOUNT_F_EMPTY_PATH) != 0)
    throw_errno("mounting overlay rootfs", target.string());
}

void detach_all(const fs::path& path) {
  while (is_mount_point(path))
    if (::umount2(path.c_str(), MNT_DETACH) != 0) throw_errno("unmounting", path.string());
}
}  // namespace

OverlayRootfs::OverlayRootfs(const fs::path& state_root, const LayerStore& layers)
    : state_root_(state_root), layers_(layers) {}

fs::path OverlayRootfs::container_dir(const std::string& id) const {
  validate_id(id);
  return state_root_ / "containers" / id;
}
fs::path OverlayRootfs::merged_dir(const std::string& id) const {
  return container_dir(id) / "merged";
}
fs::path OverlayRootfs::upper_dir(const std::string& id) const {
  return container_dir(id) / "upper";
}

std::int64_t OverlayRootfs::written_bytes(const std::string& id) const {
  std::error_code error;
  std::int64_t total = 0;
  fs::recursive_directory_iterator it(upper_dir(id), fs::directory_options::skip_permission_denied,
                                      error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    std::error_code ignored;
    if (!it->is_regular_file(ignored)) continue;
    auto size = it->file_size(ignored);
    if (!ignored) total += static_cast<std::int64_t>(size);
  }
  return total;
}

bool OverlayRootfs::is_mounted(const std::string& id) const {
  return is_mount_point(merged_dir(id));
}

fs::path OverlayRootfs::mount(const std::string& id, const std::vector<std::string>& diff_ids,
                              bool read_only, const std::optional<IdMapping>& shift) {
  if (diff_ids.empty()) throw Error("an overlay rootfs needs at least one layer", id);
  auto dir = container_dir(id);
  for (const char* sub : {"upper", "work", "merged"}) fs::create_directories(dir / sub);
  if (is_mounted(id)) return dir / "merged";
  std::vector<std::string> relative, absolute;
  for (auto it = diff_ids.rbegin(); it != diff_ids.rend(); ++it) {  // overlay lists top first
    if (!layers_.contains(*it)) throw Error("layer not unpacked", *it);
    relative.push_back(layers_.short_link(*it));
    absolute.push_back((state_root_ / relative.back()).string());
  }
  if (shift) {
    mount_shifted(absolute, dir / "upper", dir / "work", dir / "merged", read_only, *shift);
    return dir / "merged";
  }
  unsigned long flags = read_only ? MS_RDONLY : 0;
  auto options = overlay_options(absolute, dir / "upper", dir / "work");
  if (options.size() <= kMountDataLimit) {
    if (::mount("overlay", (dir / "merged").c_str(), "overlay", flags, options.c_str()) != 0)
      throw_errno("mounting overlay rootfs", (dir / "merged").string());
  } else {
    options = overlay_options(relative, fs::relative(dir / "upper", state_root_),
                              fs::relative(dir / "work", state_root_));
    if (options.size() > kMountDataLimit)
      throw Error("too many layers for one overlay mount (" + std::to_string(diff_ids.size()) + ")",
                  id);
    mount_from(state_root_, dir / "merged", flags, options);
  }
  return dir / "merged";
}

fs::path OverlayRootfs::mount_shm(const std::string& id, std::int64_t size) {
  auto shm = container_dir(id) / "shm";
  fs::create_directories(shm);
  if (is_mount_point(shm)) return shm;
  auto options = "mode=1777,size=" + std::to_string(size);
  if (::mount("shm", shm.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options.c_str()) != 0)
    throw_errno("mounting shareable /dev/shm", shm.string());
  return shm;
}

void OverlayRootfs::unmount(const std::string& id) {
  detach_all(merged_dir(id));
  detach_all(container_dir(id) / "shm");
}

void OverlayRootfs::remove(const std::string& id) {
  unmount(id);
  auto dir = container_dir(id);
  remove_tree_at(AT_FDCWD, dir.string());
}

}  // namespace berth::storage
