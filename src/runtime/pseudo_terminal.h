#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "util/unique_fd.h"

namespace berth::runtime {

// A terminal for a container's process: the process gets the slave as its
// stdin, stdout and stderr; whoever serves it (the supervisor, into the log as
// one stream like docker; or a relay to the user's terminal) holds the master.
struct PseudoTerminal {
  UniqueFd master;
  UniqueFd slave;
  std::string slave_path;  // the slave's name (inside the container, for one of its own)
};

// A new pair, 80x24 until someone attaches with a size of their own.
PseudoTerminal open_pseudo_terminal();

// The pair of a master just opened on a devpts ptmx: unlocked, its slave opened
// through the master (never by a path), 80x24, slave_path naming it in that
// devpts. Nothing, with errno set, when a step fails.
std::optional<PseudoTerminal> pair_with_master(UniqueFd master);

// A new pair on the running container's own devpts instance, so that its
// processes see the terminal in their /dev/pts (ttyname, `tty`) as docker's
// exec -it gives it. slave_path is the name inside the container. Falls back to
// a host terminal when the container's is not what it should be.
PseudoTerminal open_container_terminal(pid_t container_pid);

}  // namespace berth::runtime
