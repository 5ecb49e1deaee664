#include "runtime/pseudo_terminal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <string>

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

std::optional<PseudoTerminal> pair_with_master(UniqueFd master) {
  int unlock = 0;
  unsigned number = 0;
  if (!master || ::ioctl(master.get(), TIOCSPTLCK, &unlock) != 0 ||
      ::ioctl(master.get(), TIOCGPTN, &number) != 0)
    return std::nullopt;
  PseudoTerminal terminal;
  terminal.slave.reset(::ioctl(master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!terminal.slave) return std::nullopt;
  terminal.master = std::move(master);
  terminal.slave_path = "/dev/pts/" + std::to_string(number);
  winsize size{24, 80, 0, 0};
  ::ioctl(terminal.master.get(), TIOCSWINSZ, &size);
  return terminal;
}

PseudoTerminal open_container_terminal(pid_t container_pid) {
  // The container's root decides what this path resolves to; only its devpts
  // ptmx (5:2) is taken, anything else means a host terminal.
  auto ptmx = "/proc/" + std::to_string(container_pid) + "/root/dev/pts/ptmx";
  UniqueFd master(::open(ptmx.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
  struct stat info {};
  if (!master || ::fstat(master.get(), &info) != 0 || !S_ISCHR(info.st_mode) ||
      ::major(info.st_rdev) != 5 || ::minor(info.st_rdev) != 2)
    return open_pseudo_terminal();
  ::fcntl(master.get(), F_SETFL, ::fcntl(master.get(), F_GETFL) & ~O_NONBLOCK);
  auto terminal = pair_with_master(std::move(master));
  return terminal ? std::move(*terminal) : open_pseudo_terminal();
}

}  // namespace berth::runtime
