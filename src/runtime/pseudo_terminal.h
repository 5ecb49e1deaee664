#pragma once

#include <sys/types.h>

#include <string>

#include "util/unique_fd.h"

namespace berth::runtime {

// The terminal of a container with `tty: true` that no caller's terminal
// serves: the process gets the slave as its stdin, stdout and stderr, the
// supervisor reads the master into the log (as one stream, like docker) and
// writes what `attach` sends into it.
struct PseudoTerminal {
  UniqueFd master;
  UniqueFd slave;
  std::string slave_path;  // where `attach` opens it to set the window size
};

// A new pair, 80x24 until someone attaches with a size of their own.
PseudoTerminal open_pseudo_terminal();

// A new pair on the running container's own devpts instance, so that its
// processes see the terminal in their /dev/pts (ttyname, `tty`) as docker's
// exec -it gives it. slave_path is the name inside the container. Falls back to
// a host terminal when the container's is not what it should be.
PseudoTerminal open_container_terminal(pid_t container_pid);

}  // namespace berth::runtime
