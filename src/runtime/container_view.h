#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include "runtime/container_spec.h"
#include "util/unique_fd.h"

namespace berth::runtime {

// A child process that sees the files a container sees: its root with its volumes and
// bind mounts. For a running container it joins the container's mount namespace; for
// a stopped one it builds a private namespace from the spec. Inside, "/" is the
// container's root, so absolute symlinks and ".." resolve there and nothing the child
// opens is a host file outside the container's view.
class ContainerViewProcess {
 public:
  // Forks; the child enters the view, runs `work` and reports what it returned or the
  // message of what it threw. `running_pid` is the container's first process, or 0.
  ContainerViewProcess(const ContainerSpec& spec, pid_t running_pid,
                       const std::function<std::string()>& work);
  ~ContainerViewProcess();
  ContainerViewProcess(const ContainerViewProcess&) = delete;
  ContainerViewProcess& operator=(const ContainerViewProcess&) = delete;

  // Waits for the child: what `work` returned, or an Error with what it threw.
  std::string wait();

 private:
  pid_t pid_ = -1;
  UniqueFd report_;
};

}  // namespace berth::runtime
