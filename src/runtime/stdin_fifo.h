#pragma once

#include <string>

#include "util/unique_fd.h"

namespace berth::runtime {

// The standard input of a container with stdin_open: a named pipe in its
// runtime dir that `attach` writes into. The supervisor holds it open for
// reading and writing, so the container's stdin stays open while nobody is
// attached (docker's open stdin) and never reaches its end.
class StdinFifo {
 public:
  explicit StdinFifo(const std::string& path);  // made (mode 0600) unless it exists

  // The supervisor's own end: readable when a writer sent something.
  int fd() const { return fd_.get(); }
  // A blocking read end for the container's process.
  UniqueFd open_for_process() const;

 private:
  std::string path_;
  UniqueFd fd_;
};

}  // namespace berth::runtime
