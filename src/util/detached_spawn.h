#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/types.h>

#include <string>
#include <vector>

namespace berth {

// posix_spawn (vfork-like: no copy of the caller's page tables) of a helper that
// outlives its caller: the supervisor, the DNS responder. It starts in a session
// of its own with an empty signal mask (or the one given), with what the caller set on fds 0-2,
// `handed_fd` on fd 3 and no other descriptor of the caller's (above all not a
// lock's: the helper would hold it for as long as it lives). The actions and
// attributes are released on every path out.
class DetachedSpawn {
 public:
  static constexpr int kHandedFd = 3;

  DetachedSpawn();
  ~DetachedSpawn();
  DetachedSpawn(const DetachedSpawn&) = delete;
  DetachedSpawn& operator=(const DetachedSpawn&) = delete;

  void open_stream(int target, const char* path, int flags, mode_t mode = 0);
  void dup_stream(int target, int fd);  // `fd` must lie above kHandedFd
  void change_directory(const char* path);
  // Signals that stay blocked across the exec, pending until the helper reads
  // them (a signalfd): one sent while it still starts does not kill it.
  void block_signals(const sigset_t& signals);
  // Spawns `argv` (argv[0] is the executable); fails naming `what`.
  pid_t spawn(const std::vector<const char*>& argv, int handed_fd, const std::string& what);

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attributes_;
  sigset_t blocked_;
};

}  // namespace berth
