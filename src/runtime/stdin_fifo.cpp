#include "runtime/stdin_fifo.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

#include "util/error.h"

namespace berth::runtime {

StdinFifo::StdinFifo(const std::string& path) : path_(path) {
  if (::mkfifo(path.c_str(), 0600) != 0 && errno != EEXIST)
    throw_errno("cannot make the stdin pipe", path);
  fd_.reset(::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd_) throw_errno("cannot open the stdin pipe", path);
}

UniqueFd StdinFifo::open_for_process() const {
  // Cannot block: the supervisor's end already writes to it.
  UniqueFd reader(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  if (!reader) throw_errno("cannot open the stdin pipe", path_);
  return reader;
}

}  // namespace berth::runtime
