#include "cli/output_relay.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "util/error.h"

namespace berth::cli {

OutputRelay::Stream OutputRelay::open_for(int target) {
  Stream stream{{}, {}, target};
  if (!::isatty(target)) return stream;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("cannot make a pipe");
  stream.read.reset(fds[0]);
  stream.write.reset(fds[1]);
  return stream;
}

OutputRelay::OutputRelay() : out_(open_for(1)), err_(open_for(2)) {
  if (out_.read || err_.read) thread_ = std::thread([this] { relay(); });
}

OutputRelay::~OutputRelay() {
  release();
  finish();
}

void OutputRelay::release() {
  out_.write.reset();
  err_.write.reset();
}

void OutputRelay::finish() {
  if (thread_.joinable()) thread_.join();
}

void OutputRelay::relay() {
  pollfd fds[2] = {{out_.read ? out_.read.get() : -1, POLLIN, 0},
                   {err_.read ? err_.read.get() : -1, POLLIN, 0}};
  Stream* streams[2] = {&out_, &err_};
  char buffer[4096];
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int index = 0; index < 2; ++index) {
      if (!fds[index].revents) continue;
      ssize_t got = ::read(fds[index].fd, buffer, sizeof buffer);
      if (got <= 0) {
        fds[index].fd = -1;
        continue;
      }
      for (ssize_t done = 0; done < got;) {
        ssize_t written = ::write(streams[index]->target, buffer + done, got - done);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) break;
        done += written;
      }
    }
  }
}

}  // namespace berth::cli
