#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "busybox_rootfs.h"
#include "runtime/container_launch.h"

namespace berth::runtime::testing {

struct Outcome {
  int status;
  std::string out;
};

// Runs a shell script as a container's process, the test standing in for the supervisor.
inline Outcome run_in_container(
    ContainerSpec spec, const std::string& script,
    const std::function<void(pid_t)>& place = [](pid_t) {}) {
  if (spec.rootfs.empty()) spec.rootfs = make_busybox_rootfs();
  spec.name = "test";
  spec.process.args = {"/bin/sh", "-c", script};
  int out[2];
  EXPECT_EQ(::pipe2(out, O_CLOEXEC), 0);
  pid_t pid = launch_container(spec, StdioFds{-1, out[1], out[1]}, place);
  ::close(out[1]);
  std::string text;
  char buffer[4096];
  ssize_t length;
  while ((length = ::read(out[0], buffer, sizeof(buffer))) > 0) text.append(buffer, length);
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), text};
}

}  // namespace berth::runtime::testing
