#pragma once

#include <termios.h>

#include <thread>

#include "runtime/pseudo_terminal.h"
#include "util/unique_fd.h"

namespace berth::cli {

// A pseudo-terminal for a process inside a container, relayed to the user's
// terminal: the user's terminal goes raw while it lives, keystrokes go to the
// pty, the pty's output to stdout, and window size changes follow.
class TerminalRelay {
 public:
  // Relays `terminal` (a master and its slave).
  explicit TerminalRelay(runtime::PseudoTerminal terminal);
  ~TerminalRelay();
  TerminalRelay(const TerminalRelay&) = delete;
  TerminalRelay& operator=(const TerminalRelay&) = delete;

  // The terminal end for the process (its stdin, stdout, stderr).
  int terminal() const { return slave_.get(); }
  // Copies what the process still wrote, then stops relaying.
  void finish();

 private:
  void relay();
  void copy_output();

  UniqueFd master_, slave_;
  UniqueFd wake_read_, wake_write_;
  termios saved_{};
  bool raw_ = false;
  std::thread thread_;
};

}  // namespace berth::cli
