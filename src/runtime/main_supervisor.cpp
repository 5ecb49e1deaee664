// berth-supervisor: one per container, detached from the berth command that started it.
//   berth-supervisor supervise <container dir> <report fd>
// Mounted into a container as /sbin/berth-init it is the `init: true` init instead:
//   berth-init -- <program> [args...]
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "runtime/supervisor.h"
#include "runtime/tiny_init.h"

namespace {

int usage() {
  std::fputs(
      "usage: berth-supervisor supervise <container dir> <report fd> "
      "[attached-terminal|attached-streams]\n",
      stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string self = argv[0];
  if (self.size() >= 10 && self.compare(self.size() - 10, 10, "berth-init") == 0) {
    int first = argc > 1 && std::strcmp(argv[1], "--") == 0 ? 2 : 1;
    if (first >= argc) return usage();
    return berth::runtime::run_tiny_init(argv + first);
  }
  using berth::runtime::FirstRunStreams;
  if (argc < 4 || argc > 5 || std::strcmp(argv[1], "supervise") != 0) return usage();
  int report_fd = std::atoi(argv[3]);
  ::fcntl(report_fd, F_SETFD, FD_CLOEXEC);
  auto streams = FirstRunStreams::log;
  if (argc == 5 && std::strcmp(argv[4], berth::runtime::kAttachedTerminal) == 0)
    streams = FirstRunStreams::attached_terminal;
  else if (argc == 5 && std::strcmp(argv[4], berth::runtime::kAttachedStreams) == 0)
    streams = FirstRunStreams::attached_streams;
  else if (argc == 5)
    return usage();
  return berth::runtime::run_supervisor({argv[2]}, report_fd, streams);
}
