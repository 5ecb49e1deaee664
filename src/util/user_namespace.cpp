#include "util/user_namespace.h"

#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "util/error.h"

namespace berth {

namespace {

void write_map(pid_t pid, const char* file, std::uint32_t host_start, std::uint32_t size) {
  auto path = "/proc/" + std::to_string(pid) + "/" + file;
  auto line = "0 " + std::to_string(host_start) + " " + std::to_string(size) + "\n";
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd || ::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()))
    throw_errno("cannot write the id map of a user namespace", path + ": " + line);
}

}  // namespace

NamespaceFd create_user_namespace(const IdMapping& mapping) {
  if (mapping.size == 0) throw Error("a user namespace needs at least one id");
  int hold[2];
  if (::pipe2(hold, O_CLOEXEC) != 0) throw_errno("cannot create a pipe");
  UniqueFd hold_read(hold[0]), hold_write(hold[1]);
  // A plain clone, not a thread: only a process can own a new user namespace. The
  // child waits for the pipe to close and does nothing else.
  long pid = ::syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
  if (pid < 0) throw_errno("cannot create a user namespace");
  if (pid == 0) {
    ::close(hold[1]);
    char byte;
    [[maybe_unused]] auto ignored = ::read(hold[0], &byte, 1);
    _exit(0);
  }
  auto child = static_cast<pid_t>(pid);
  hold_read.reset();
  auto reap = [&] {
    hold_write.reset();
    while (::waitpid(child, nullptr, 0) < 0 && errno == EINTR) {
    }
  };
  try {
    write_map(child, "uid_map", mapping.host_uid, mapping.size);
    write_map(child, "gid_map", mapping.host_gid, mapping.size);
    auto user_namespace = NamespaceFd::of_process(child, "user");
    reap();
    return user_namespace;
  } catch (...) {
    ::kill(child, SIGKILL);
    reap();
    throw;
  }
}

UniqueFd idmapped_tree(const std::filesystem::path& path, const NamespaceFd& user_namespace) {
  UniqueFd tree(static_cast<int>(
      ::syscall(SYS_open_tree, AT_FDCWD, path.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)));
  if (!tree) throw_errno("cannot copy the mount of", path.string());
  mount_attr attributes{};
  attributes.attr_set = MOUNT_ATTR_IDMAP;
  attributes.userns_fd = static_cast<std::uint64_t>(user_namespace.fd());
  if (::syscall(SYS_mount_setattr, tree.get(), "", AT_EMPTY_PATH, &attributes,
                sizeof(attributes)) != 0)
    throw_errno("cannot shift the owners of", path.string());
  return tree;
}

}  // namespace berth
