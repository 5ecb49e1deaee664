#pragma once

#include "runtime/pseudo_terminal.h"
#include "util/unique_fd.h"

namespace berth::runtime {

// The terminal of a container's process with `tty`, made by that process itself
// on its container's own devpts, as runc's console socket does: its processes
// then find it in their /dev/pts (ttyname, `tty`). The master goes to whoever
// serves the terminal (the supervisor, or an attached `run`) over a socket.
struct ConsoleSocket {
  UniqueFd server;     // receives the terminal
  UniqueFd container;  // handed to the container's process
};

ConsoleSocket make_console_socket();

// In the container's process, inside its root: opens a terminal on /dev/pts,
// 80x24, sends its master and slave over `socket`, and makes the slave its
// standard streams and controlling terminal (the process leads a session).
void take_container_console(int socket);

// The terminal the container's process sent; slave_path is the slave's name
// inside the container. Throws when the process closed the socket without one.
PseudoTerminal receive_console(int socket);

}  // namespace berth::runtime
