#include "engine/pinned_netns.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>

#include "util/error.h"
#include "util/namespace_fd.h"
#include "util/unique_fd.h"

namespace berth::engine {

namespace fs = std::filesystem;

namespace {
// berth's own tmpfs, recognised by the marker file it leaves there.
bool is_berth_netns_dir(const fs::path& dir) {
  struct statfs info {};
  return ::statfs(dir.c_str(), &info) == 0 && info.f_type == TMPFS_MAGIC &&
         ::access((dir / ".berth-shared").c_str(), F_OK) == 0;
}
}  // namespace

PinnedNetns::PinnedNetns(const fs::path& run_dir) : dir_(run_dir / "netns") {}

fs::path PinnedNetns::path_of(const std::string& container) const { return dir_ / container; }

bool PinnedNetns::is_pinned(const fs::path& path) {
  struct statfs info {};
  return ::statfs(path.c_str(), &info) == 0 && info.f_type == NSFS_MAGIC;
}

// The pins sit on a small shared tmpfs of their own, so unpinning propagates into
// mount namespaces that were copied while the pin existed (as /run/netns does).
void PinnedNetns::ensure_shared_directory() {
  if (is_berth_netns_dir(dir_)) return;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw Error("creating netns directory", dir_.string(), ec.value());
  if (::mount("berth-netns", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              "mode=0755,size=64k") != 0)
    throw_errno("mounting netns directory", dir_.string());
  if (::mount(nullptr, dir_.c_str(), nullptr, MS_SHARED, nullptr) != 0)
    throw_errno("making netns directory shared", dir_.string());
  UniqueFd marker(::open((dir_ / ".berth-shared").c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
  if (!marker) throw_errno("marking netns directory", dir_.string());
}

fs::path PinnedNetns::create(const std::string& container) {
  ensure_shared_directory();
  fs::path pin = path_of(container);
  if (is_pinned(pin)) return pin;
  UniqueFd placeholder(::open(pin.c_str(), O_CREAT | O_RDONLY | O_CLOEXEC, 0444));
  if (!placeholder) throw_errno("creating netns pin", pin.string());

  // Only this thread moves into the new namespace; it returns before any other
  // work, even if pinning fails.
  auto origin = NamespaceFd::of_current("net");
  if (::unshare(CLONE_NEWNET) != 0) throw_errno("creating network namespace for", container);
  int mount_errno =
      ::mount("/proc/thread-self/ns/net", pin.c_str(), nullptr, MS_BIND, nullptr) == 0 ? 0 : errno;
  origin.enter();
  if (mount_errno != 0) {
    ::unlink(pin.c_str());
    throw_errno(mount_errno, "pinning network namespace", pin.string());
  }
  return pin;
}

void PinnedNetns::remove(const std::string& container) {
  fs::path pin = path_of(container);
  if (is_pinned(pin) && ::umount2(pin.c_str(), MNT_DETACH) != 0)
    throw_errno("unpinning network namespace", pin.string());
  if (::unlink(pin.c_str()) != 0 && errno != ENOENT)
    throw_errno("removing netns pin", pin.string());
}

}  // namespace berth::engine
