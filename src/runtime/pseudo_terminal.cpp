#include "runtime/pseudo_terminal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "util/error.h"

namespace berth::runtime {

PseudoTerminal open_pseudo_terminal() {
  PseudoTerminal terminal;
  terminal.master.reset(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!terminal.master || ::grantpt(terminal.master.get()) != 0 ||
      ::unlockpt(terminal.master.get()) != 0)
    throw_errno("cannot open a pseudo-terminal");
  char name[64];
  if (::ptsname_r(terminal.master.get(), name, sizeof name) != 0)
    throw_errno("cannot name the pseudo-terminal");
  terminal.slave_path = name;
  terminal.slave.reset(::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!terminal.slave) throw_errno("cannot open the pseudo-terminal", name);
  winsize size{24, 80, 0, 0};
  ::ioctl(terminal.master.get(), TIOCSWINSZ, &size);
  return terminal;
}

}  // namespace berth::runtime
