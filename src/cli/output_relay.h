#pragma once

#include <thread>

#include "util/unique_fd.h"

namespace berth::cli {

// Pipes that stand in for the user's stdout and stderr where those are
// terminals, so that a process run without a TTY (`run -T`) does not write to
// one, as with docker compose; a thread copies what comes through. Streams that
// are no terminal are handed over as they are.
class OutputRelay {
 public:
  OutputRelay();
  ~OutputRelay();
  OutputRelay(const OutputRelay&) = delete;
  OutputRelay& operator=(const OutputRelay&) = delete;

  // The descriptors the process writes to.
  int out() const { return out_.write ? out_.write.get() : 1; }
  int err() const { return err_.write ? err_.write.get() : 2; }
  // Once the process holds its copies: the relay lets go of its own, so each
  // pipe ends when the process is done with it.
  void release();
  // Waits until everything the process wrote has been copied.
  void finish();

 private:
  struct Stream {
    UniqueFd read, write;
    int target;
  };
  static Stream open_for(int target);
  void relay();

  Stream out_, err_;
  std::thread thread_;
};

}  // namespace berth::cli
