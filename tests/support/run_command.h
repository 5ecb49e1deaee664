#pragma once

#include <string>
#include <vector>

namespace berth::testing {

struct CommandResult {
  int status;  // exit code, or 128+N when killed by signal N
  std::string out;
  std::string err;
};

// Runs a program (no shell) with the given arguments and collects its output.
CommandResult run_command(const std::vector<std::string>& argv);

}  // namespace berth::testing
