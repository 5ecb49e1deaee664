#pragma once

#include <string>

#include "util/unique_fd.h"

namespace berth {

// A handle on one namespace (an fd from /proc/<pid>/ns/<type> or a pinned bind
// mount), enough to enter it with setns().
class NamespaceFd {
 public:
  // type is the /proc/<pid>/ns name: "net", "mnt", "pid", "uts", "ipc", ...
  static NamespaceFd of_process(pid_t pid, const std::string& type);
  static NamespaceFd of_current(const std::string& type);
  static NamespaceFd open_path(const std::string& path);
  // The network namespace a socket was opened in (SIOCGSKNS).
  static NamespaceFd of_socket(int socket_fd);

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }

  // Moves the calling thread into this namespace.
  void enter() const;

 private:
  NamespaceFd(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}

  UniqueFd fd_;
  std::string path_;
};

}  // namespace berth
