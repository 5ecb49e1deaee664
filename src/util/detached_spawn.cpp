#include "util/detached_spawn.h"

#include "util/error.h"

extern char** environ;

namespace berth {

DetachedSpawn::DetachedSpawn() {
  posix_spawn_file_actions_init(&actions_);
  posix_spawnattr_init(&attributes_);
  sigemptyset(&blocked_);
}

DetachedSpawn::~DetachedSpawn() {
  posix_spawn_file_actions_destroy(&actions_);
  posix_spawnattr_destroy(&attributes_);
}

void DetachedSpawn::open_stream(int target, const char* path, int flags, mode_t mode) {
  posix_spawn_file_actions_addopen(&actions_, target, path, flags, mode);
}

void DetachedSpawn::dup_stream(int target, int fd) {
  posix_spawn_file_actions_adddup2(&actions_, fd, target);
}

void DetachedSpawn::change_directory(const char* path) {
  posix_spawn_file_actions_addchdir_np(&actions_, path);
}

void DetachedSpawn::block_signals(const sigset_t& signals) { blocked_ = signals; }

pid_t DetachedSpawn::spawn(const std::vector<const char*>& argv, int handed_fd,
                           const std::string& what) {
  // After the streams: those may come from descriptors above the handed one.
  posix_spawn_file_actions_adddup2(&actions_, handed_fd, kHandedFd);
  posix_spawn_file_actions_addclosefrom_np(&actions_, kHandedFd + 1);
  posix_spawnattr_setsigmask(&attributes_, &blocked_);
  posix_spawnattr_setflags(&attributes_, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK);
  std::vector<const char*> terminated = argv;
  terminated.push_back(nullptr);
  pid_t pid = 0;
  int error = ::posix_spawn(&pid, argv.at(0), &actions_, &attributes_,
                            const_cast<char* const*>(terminated.data()), environ);
  if (error != 0) throw_errno(error, "cannot start " + what, argv.at(0));
  return pid;
}

}  // namespace berth
