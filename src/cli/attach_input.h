#pragma once

#include <termios.h>

#include <chrono>
#include <string>
#include <vector>

#include "util/unique_fd.h"

namespace berth::cli {

// docker's --detach-keys: "ctrl-p,ctrl-q" (the default), letters, ctrl-@ to
// ctrl-_ and single characters; throws Error naming a key it cannot read.
std::vector<char> parse_detach_keys(const std::string& text);

// Watches for the detach sequence in what the user types; holds back a
// partial match until it is decided.
class DetachMatcher {
 public:
  explicit DetachMatcher(std::vector<char> sequence) : sequence_(std::move(sequence)) {}
  // The bytes to pass on; `detached` is set once the whole sequence was typed.
  std::string feed(const char* data, size_t length, bool& detached);

 private:
  std::vector<char> sequence_;
  std::string held_;
};

// `attach` to a container with stdin_open: what the user types goes into
// the container's stdin pipe. With a container terminal the user's terminal
// goes raw while this lives and its window size follows.
class AttachInput {
 public:
  AttachInput(const std::string& stdin_fifo, const std::string& terminal_file,
              std::vector<char> detach_keys);
  ~AttachInput();
  AttachInput(const AttachInput&) = delete;
  AttachInput& operator=(const AttachInput&) = delete;

  // Moves what the user typed within `wait` (returning early when
  // `also_wake_fd` becomes readable); false once they detached.
  bool pump(std::chrono::milliseconds wait, int also_wake_fd = -1);

 private:
  void follow_window_size();

  UniqueFd fifo_;
  std::string terminal_file_;
  DetachMatcher matcher_;
  bool input_open_ = true;
  termios saved_{};
  bool raw_ = false;
  unsigned short rows_ = 0, columns_ = 0;
};

}  // namespace berth::cli
