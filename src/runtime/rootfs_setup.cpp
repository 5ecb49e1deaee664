#include "runtime/rootfs_setup.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <map>

#include "runtime/secure_path.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::runtime {

namespace {

constexpr unsigned long kSafeFlags = MS_NOSUID | MS_NODEV | MS_NOEXEC;

// Docker's lists: kernel files that leak host details or allow host changes.
const char* const kMaskedPaths[] = {"/proc/asound",
                                    "/proc/acpi",
                                    "/proc/kcore",
                                    "/proc/keys",
                                    "/proc/latency_stats",
                                    "/proc/timer_list",
                                    "/proc/timer_stats",
                                    "/proc/sched_debug",
                                    "/proc/scsi",
                                    "/sys/firmware",
                                    "/sys/devices/virtual/powercap"};
const char* const kReadonlyPaths[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                      "/proc/sysrq-trigger"};

void mount_or_throw(const std::string& source, const std::string& target, const char* type,
                    unsigned long flags, const std::string& data = {}) {
  if (::mount(source.c_str(), target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()))
    throw_errno(std::string("cannot mount ") + (type ? type : source.c_str()) + " on", target);
}

struct ParsedOptions {
  unsigned long flags = 0;
  bool readonly = false;
  std::string data;
};

ParsedOptions parse_options(const std::vector<std::string>& options) {
  static const std::map<std::string, unsigned long> kFlags = {
      {"nosuid", MS_NOSUID},   {"nodev", MS_NODEV},       {"noexec", MS_NOEXEC},
      {"noatime", MS_NOATIME}, {"relatime", MS_RELATIME}, {"strictatime", MS_STRICTATIME}};
  ParsedOptions parsed;
  for (const auto& option : options) {
    if (option == "ro") {
      parsed.readonly = true;
    } else if (auto flag = kFlags.find(option); flag != kFlags.end()) {
      parsed.flags |= flag->second;
    } else if (option != "rw" && option != "bind" && option != "rbind" && option != "private" &&
               option != "rprivate") {
      parsed.data += (parsed.data.empty() ? "" : ",") + option;
    }
  }
  return parsed;
}

void bind_mount(const std::string& source, const std::string& target,
                const ParsedOptions& options) {
  mount_or_throw(source, target, nullptr, MS_BIND | MS_REC);
  unsigned long extra = options.flags | (options.readonly ? MS_RDONLY : 0);
  if (extra != 0) mount_or_throw("", target, nullptr, MS_REMOUNT | MS_BIND | extra);
}

void mount_one(const std::string& root, const MountSpec& mount) {
  auto options = parse_options(mount.options);
  if (mount.type == "bind") {
    struct stat source_stat {};
    if (::stat(mount.source.c_str(), &source_stat) != 0)
      throw_errno("bind mount source missing", mount.source);
    bool is_file = !S_ISDIR(source_stat.st_mode);
    bind_mount(mount.source, create_inside(root, mount.target, is_file), options);
    return;
  }
  auto target = create_inside(root, mount.target, false);
  mount_or_throw(mount.source.empty() ? mount.type : mount.source, target, mount.type.c_str(),
                 options.flags | (options.readonly ? MS_RDONLY : 0), options.data);
}

void make_device(const std::string& root, const DeviceNode& device) {
  auto parent = std::filesystem::path(device.path).parent_path().string();
  create_inside(root, parent, false);
  auto path = secure_join(root, device.path);
  mode_t type = device.type == 'b' ? S_IFBLK : S_IFCHR;
  if (::mknod(path.c_str(), type | device.mode, makedev(device.major, device.minor)) != 0)
    throw_errno("cannot create device", device.path);
  ::chmod(path.c_str(), device.mode);  // mknod honours the umask
}

void make_device_tree(const std::string& root, const ContainerSpec& spec) {
  auto dev = create_inside(root, "/dev", false);
  mount_or_throw("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
  struct Device {
    const char* name;
    unsigned major, minor;
  };
  for (auto [name, major, minor] :
       {Device{"null", 1, 3}, Device{"zero", 1, 5}, Device{"full", 1, 7}, Device{"random", 1, 8},
        Device{"urandom", 1, 9}, Device{"tty", 5, 0}}) {
    auto path = dev + "/" + name;
    if (::mknod(path.c_str(), S_IFCHR | 0666, makedev(major, minor)) != 0)
      throw_errno("cannot create device", path);
    ::chmod(path.c_str(), 0666);  // mknod honours the umask
  }
  for (auto [link, target] : {std::pair{"fd", "/proc/self/fd"},
                              {"stdin", "/proc/self/fd/0"},
                              {"stdout", "/proc/self/fd/1"},
                              {"stderr", "/proc/self/fd/2"},
                              {"ptmx", "pts/ptmx"},
                              {"core", "/proc/kcore"}}) {
    if (::symlink(target, (dev + "/" + link).c_str()) != 0)
      throw_errno("cannot create link", dev + "/" + link);
  }
  for (const char* directory : {"/pts", "/shm", "/mqueue"})
    ::mkdir((dev + directory).c_str(), 0755);
  mount_or_throw("devpts", dev + "/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                 "newinstance,ptmxmode=0666,mode=0620,gid=5");
  if (!spec.shm_source.empty())  // the host's, or a shareable container's
    mount_or_throw(spec.shm_source, dev + "/shm", nullptr, MS_BIND);
  else
    mount_or_throw("shm", dev + "/shm", "tmpfs", kSafeFlags,
                   "mode=1777,size=" + std::to_string(spec.shm_size));
  mount_or_throw("mqueue", dev + "/mqueue", "mqueue", kSafeFlags);
}

void apply_sysctls(const std::string& root, const ContainerSpec& spec) {
  for (const auto& [key, value] : spec.sysctls) {
    std::string relative = key;
    for (auto& character : relative)
      if (character == '.') character = '/';
    auto path = root + "/proc/sys/" + relative;
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd || ::write(fd.get(), value.data(), value.size()) < 0)
      throw_errno("cannot set sysctl", key);
  }
}

void pivot_into(const std::string& root) {
  if (::chdir(root.c_str()) != 0) throw_errno("cannot enter root", root);
  // pivot_root(".", ".") stacks the old root on top of the new one; detaching it leaves
  // only the container's tree, with no directory of the host reachable.
  if (::syscall(SYS_pivot_root, ".", ".") != 0) throw_errno("pivot_root failed", root);
  if (::umount2(".", MNT_DETACH) != 0) throw_errno("cannot detach the old root", root);
  if (::chdir("/") != 0) throw_errno("cannot enter the new root", "/");
}

void mask(const char* path) {
  struct stat info {};
  if (::lstat(path, &info) != 0) return;  // absent here: nothing to hide
  if (S_ISDIR(info.st_mode))
    mount_or_throw("tmpfs", path, "tmpfs", MS_RDONLY, "size=0");
  else
    mount_or_throw("/dev/null", path, nullptr, MS_BIND);
}

void make_readonly(const char* path) {
  if (::access(path, F_OK) != 0) return;
  mount_or_throw(path, path, nullptr, MS_BIND | MS_REC);
  mount_or_throw("", path, nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | kSafeFlags);
}

}  // namespace

void prepare_rootfs(const ContainerSpec& spec) {
  const std::string& root = spec.rootfs;
  mount_or_throw("", "/", nullptr, MS_REC | MS_PRIVATE);
  mount_or_throw(root, root, nullptr, MS_BIND | MS_REC);
  mount_or_throw("proc", create_inside(root, "/proc", false), "proc", kSafeFlags);
  mount_or_throw("sysfs", create_inside(root, "/sys", false), "sysfs", kSafeFlags | MS_RDONLY);
  make_device_tree(root, spec);
  for (const auto& device : spec.devices) make_device(root, device);
  mount_into_root(root, spec.mounts);
  apply_sysctls(root, spec);
  pivot_into(root);
}

void mount_into_root(const std::string& root, const std::vector<MountSpec>& mounts) {
  for (const auto& mount : mounts) mount_one(root, mount);
}

void harden_rootfs(const ContainerSpec& spec) {
  if (!spec.privileged) {  // docker leaves /proc and /sys open for privileged containers
    for (const char* path : kMaskedPaths) mask(path);
    for (const char* path : kReadonlyPaths) make_readonly(path);
  }
  if (spec.readonly_rootfs) mount_or_throw("", "/", nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY);
}

}  // namespace berth::runtime
