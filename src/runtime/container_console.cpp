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

// One message of the console socket: the slave's name as its payload, master
// and slave attached. It points into itself, so it stays where it was made.
struct ConsoleMessage {
  static constexpr int kFds = 2;
  int fds[kFds] = {-1, -1};
  char slave_path[64] = {};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(fds))] = {};
  iovec payload{slave_path, sizeof(slave_path)};
  msghdr header{};

  ConsoleMessage() {
    header.msg_iov = &payload;
    header.msg_iovlen = 1;
    header.msg_control = control;
    header.msg_controllen = sizeof(control);
  }
  ConsoleMessage(const ConsoleMessage&) = delete;
  ConsoleMessage& operator=(const ConsoleMessage&) = delete;
};

void send_terminal(int socket, const PseudoTerminal& terminal) {
  ConsoleMessage message;
  message.payload.iov_len =
      terminal.slave_path.copy(message.slave_path, sizeof(message.slave_path));
  cmsghdr* rights = CMSG_FIRSTHDR(&message.header);
  rights->cmsg_level = SOL_SOCKET;
  rights->cmsg_type = SCM_RIGHTS;
  rights->cmsg_len = CMSG_LEN(sizeof(message.fds));
  int fds[ConsoleMessage::kFds] = {terminal.master.get(), terminal.slave.get()};
  std::memcpy(CMSG_DATA(rights), fds, sizeof(fds));
  if (::sendmsg(socket, &message.header, MSG_NOSIGNAL) < 0)
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
  auto terminal =
      pair_with_master(UniqueFd(::open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)));
  if (!terminal) throw_errno("cannot open a terminal on the container's", "/dev/pts/ptmx");
  send_terminal(socket, *terminal);
  for (int target = 0; target < 3; ++target)
    if (::dup2(terminal->slave.get(), target) < 0) throw_errno("cannot attach the terminal");
  if (::ioctl(0, TIOCSCTTY, 0) != 0) throw_errno("cannot take the controlling terminal");
}

PseudoTerminal receive_console(int socket) {
  ConsoleMessage message;
  ssize_t length;
  while ((length = ::recvmsg(socket, &message.header, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  if (length < 0) throw_errno("cannot receive the container's terminal");
  cmsghdr* rights = CMSG_FIRSTHDR(&message.header);
  if (rights && rights->cmsg_type == SCM_RIGHTS &&
      rights->cmsg_len == CMSG_LEN(sizeof(message.fds)))
    std::memcpy(message.fds, CMSG_DATA(rights), sizeof(message.fds));
  PseudoTerminal terminal;
  terminal.master.reset(message.fds[0]);
  terminal.slave.reset(message.fds[1]);
  if (length <= 0 || !terminal.master || !terminal.slave)
    throw Error("the container's process did not hand over its terminal");
  terminal.slave_path.assign(message.slave_path, static_cast<size_t>(length));
  return terminal;
}

}  // namespace berth::runtime
