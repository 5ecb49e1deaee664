#include "runtime/container_console.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "util/error.h"

namespace berth::runtime {

namespace {

// Master and slave travel as one message, the pty's number as its payload.
constexpr int kConsoleFds = 2;

void send_terminal(int socket, int master, int slave, unsigned number) {
  int fds[kConsoleFds] = {master, slave};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(fds))] = {};
  iovec payload{&number, sizeof(number)};
  msghdr message{};
  message.msg_iov = &payload;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof(control);
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(fds));
  std::memcpy(CMSG_DATA(header), fds, sizeof(fds));
  if (::sendmsg(socket, &message, MSG_NOSIGNAL) < 0)
    throw_errno("cannot hand over the container's terminal");
}

}  // namespace

ConsoleSocket make_console_socket() {
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0)
    throw_errno("cannot create the console socket");
  return {UniqueFd(ends[0]), UniqueFd(ends[1])};
}

void take_container_console(int socket) {
  UniqueFd master(::open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!master) throw_errno("cannot open the container's terminal", "/dev/pts/ptmx");
  int unlock = 0;
  unsigned number = 0;
  if (::ioctl(master.get(), TIOCSPTLCK, &unlock) != 0 ||
      ::ioctl(master.get(), TIOCGPTN, &number) != 0)
    throw_errno("cannot unlock the container's terminal");
  UniqueFd slave(::ioctl(master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!slave)
    throw_errno("cannot open the container's terminal", "/dev/pts/" + std::to_string(number));
  winsize size{24, 80, 0, 0};
  ::ioctl(master.get(), TIOCSWINSZ, &size);
  send_terminal(socket, master.get(), slave.get(), number);
  for (int target = 0; target < 3; ++target)
    if (::dup2(slave.get(), target) < 0) throw_errno("cannot attach the terminal");
  if (::ioctl(0, TIOCSCTTY, 0) != 0) throw_errno("cannot take the controlling terminal");
}

PseudoTerminal receive_console(int socket) {
  int fds[kConsoleFds] = {-1, -1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(fds))] = {};
  unsigned number = 0;
  iovec payload{&number, sizeof(number)};
  msghdr message{};
  message.msg_iov = &payload;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof(control);
  ssize_t length;
  while ((length = ::recvmsg(socket, &message, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  if (length < 0) throw_errno("cannot receive the container's terminal");
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  if (header && header->cmsg_type == SCM_RIGHTS && header->cmsg_len == CMSG_LEN(sizeof(fds)))
    std::memcpy(fds, CMSG_DATA(header), sizeof(fds));
  PseudoTerminal terminal;
  terminal.master.reset(fds[0]);
  terminal.slave.reset(fds[1]);
  if (length != sizeof(number) || !terminal.master || !terminal.slave)
    throw Error("the container's process did not hand over its terminal");
  terminal.slave_path = "/dev/pts/" + std::to_string(number);
  return terminal;
}

}  // namespace berth::runtime
