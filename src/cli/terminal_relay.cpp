#include "cli/terminal_relay.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>

#include "util/error.h"
#include "util/write_all.h"

namespace berth::cli {

namespace {
void copy_window_size(int from, int to) {
  winsize size{};
  if (::ioctl(from, TIOCGWINSZ, &size) == 0) ::ioctl(to, TIOCSWINSZ, &size);
}

}  // namespace

TerminalRelay::TerminalRelay(runtime::PseudoTerminal terminal)
    : master_(std::move(terminal.master)), slave_(std::move(terminal.slave)) {
  int master = master_.get();
  int wake[2];
  if (::pipe2(wake, O_CLOEXEC) != 0) throw_errno("cannot make a pipe");
  wake_read_.reset(wake[0]);
  wake_write_.reset(wake[1]);
  copy_window_size(0, master);
  if (::tcgetattr(0, &saved_) == 0) {
    termios raw = saved_;
    ::cfmakeraw(&raw);
    raw_ = ::tcsetattr(0, TCSANOW, &raw) == 0;
  }
  thread_ = std::thread([this] { relay(); });
}

TerminalRelay::~TerminalRelay() {
  finish();
  if (raw_) ::tcsetattr(0, TCSANOW, &saved_);
}

void TerminalRelay::finish() {
  if (!thread_.joinable()) return;
  char byte = 0;
  [[maybe_unused]] auto written = ::write(wake_write_.get(), &byte, 1);
  thread_.join();
  copy_output();
}

void TerminalRelay::copy_output() {
  int flags = ::fcntl(master_.get(), F_GETFL);
  ::fcntl(master_.get(), F_SETFL, flags | O_NONBLOCK);
  char buffer[4096];
  for (ssize_t got; (got = ::read(master_.get(), buffer, sizeof(buffer))) > 0;)
    write_all(1, buffer, static_cast<size_t>(got));
  ::fcntl(master_.get(), F_SETFL, flags);
}

void TerminalRelay::relay() {
  // The window size is copied at every wake-up, at least five times a second.
  pollfd fds[3] = {{0, POLLIN, 0}, {master_.get(), POLLIN, 0}, {wake_read_.get(), POLLIN, 0}};
  char buffer[4096];
  bool input_open = true;
  while (true) {
    fds[0].fd = input_open ? 0 : -1;
    int ready = ::poll(fds, 3, 200);
    copy_window_size(0, master_.get());
    if (ready < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[2].revents) return;
    if (fds[1].revents & POLLIN) {
      ssize_t got = ::read(master_.get(), buffer, sizeof(buffer));
      if (got > 0) write_all(1, buffer, static_cast<size_t>(got));
    } else if (fds[1].revents & (POLLHUP | POLLERR)) {
      fds[1].fd = -1;
    }
    if (input_open && fds[0].revents) {
      ssize_t got = ::read(0, buffer, sizeof(buffer));
      if (got <= 0 || !write_all(master_.get(), buffer, static_cast<size_t>(got)))
        input_open = false;
    }
  }
}

}  // namespace berth::cli
