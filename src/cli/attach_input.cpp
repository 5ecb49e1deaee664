#include "cli/attach_input.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/write_all.h"

namespace berth::cli {

std::vector<char> parse_detach_keys(const std::string& text) {
  std::vector<char> keys;
  std::stringstream list(text.empty() ? "ctrl-p,ctrl-q" : text);
  for (std::string key; std::getline(list, key, ',');) {
    if (key.size() == 1) {
      keys.push_back(key[0]);
      continue;
    }
    char named = key.size() == 6 && key.starts_with("ctrl-") ? key[5] : 0;
    if (named >= 'a' && named <= 'z') named = static_cast<char>(named - 'a' + 'A');
    if (named < '@' || named > '_')
      throw Error("unknown detach key (expected ctrl-X or one character)", key);
    keys.push_back(static_cast<char>(named - '@'));
  }
  return keys;
}

std::string DetachMatcher::feed(const char* data, size_t length, bool& detached) {
  std::string out;
  for (size_t i = 0; i < length; ++i) {
    held_.push_back(data[i]);
    if (held_.back() != sequence_[held_.size() - 1]) {
      // The byte that broke the match may still begin a new one.
      out += held_.substr(0, held_.size() - 1);
      held_.erase(0, held_.size() - 1);
      if (held_[0] != sequence_[0]) {
        out += held_;
        held_.clear();
      }
    }
    if (held_.size() == sequence_.size()) {
      detached = true;
      held_.clear();
      return out;
    }
  }
  return out;
}

namespace {
std::string first_line(const std::string& path) {
  std::ifstream file(path);
  std::string line;
  std::getline(file, line);
  return line;
}
}  // namespace

AttachInput::AttachInput(const std::string& stdin_fifo, const std::string& terminal_file,
                         std::vector<char> detach_keys)
    : terminal_file_(terminal_file), matcher_(std::move(detach_keys)) {
  // The supervisor holds the pipe open for reading, so this does not block.
  fifo_.reset(::open(stdin_fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
  if (!fifo_)
    throw_errno("the container has no stdin pipe (started by an older berth?)", stdin_fifo);
  ::fcntl(fifo_.get(), F_SETFL, 0);
  if (!terminal_file_.empty() && ::tcgetattr(0, &saved_) == 0) {
    termios raw = saved_;
    ::cfmakeraw(&raw);
    raw_ = ::tcsetattr(0, TCSANOW, &raw) == 0;
  }
}

AttachInput::~AttachInput() {
  if (raw_) ::tcsetattr(0, TCSANOW, &saved_);
}

void AttachInput::follow_window_size() {
  winsize size{};
  if (!raw_ || ::ioctl(0, TIOCGWINSZ, &size) != 0) return;
  if (size.ws_row == rows_ && size.ws_col == columns_) return;
  rows_ = size.ws_row;
  columns_ = size.ws_col;
  // Set on the container's terminal, which tells its processes (SIGWINCH).
  UniqueFd terminal(::open(first_line(terminal_file_).c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (terminal) ::ioctl(terminal.get(), TIOCSWINSZ, &size);
}

bool AttachInput::pump(std::chrono::milliseconds wait, int also_wake_fd) {
  follow_window_size();
  pollfd ready[2] = {{input_open_ ? 0 : -1, POLLIN, 0}, {also_wake_fd, POLLIN, 0}};
  if (::poll(ready, 2, static_cast<int>(wait.count())) <= 0 || ready[0].revents == 0)
    return true;  // nothing typed (end of input shows as POLLHUP, read below)
  char buffer[4096];
  ssize_t length = ::read(0, buffer, sizeof(buffer));
  if (length <= 0) {
    input_open_ = false;  // the container's stdin stays open, as with docker
    return true;
  }
  bool detached = false;
  auto passed = matcher_.feed(buffer, static_cast<size_t>(length), detached);
  if (!write_all(fifo_.get(), passed.data(), passed.size())) input_open_ = false;
  return !detached;
}

}  // namespace berth::cli
