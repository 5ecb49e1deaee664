#include "util/namespace_fd.h"

#include <fcntl.h>
#include <linux/sockios.h>
#include <sched.h>
#include <sys/ioctl.h>

#include "util/error.h"

namespace berth {

NamespaceFd NamespaceFd::of_process(pid_t pid, const std::string& type) {
  return open_path("/proc/" + std::to_string(pid) + "/ns/" + type);
}

NamespaceFd NamespaceFd::of_current(const std::string& type) {
  return open_path("/proc/thread-self/ns/" + type);
}

NamespaceFd NamespaceFd::open_path(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw_errno("opening namespace", path);
  return NamespaceFd(std::move(fd), path);
}

NamespaceFd NamespaceFd::of_socket(int socket_fd) {
  UniqueFd fd(::ioctl(socket_fd, SIOCGSKNS));
  if (!fd) throw_errno("finding the network namespace of a socket");
  return NamespaceFd(std::move(fd), "net:[socket " + std::to_string(socket_fd) + "]");
}

void NamespaceFd::enter() const {
  if (::setns(fd_.get(), 0) != 0) throw_errno("entering namespace", path_);
}

}  // namespace berth
