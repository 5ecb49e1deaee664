#pragma once

namespace berth::cli {

// Thrown by a verb whose exit code passes another's through (a container's, a
// command's); main exits with `code` and prints nothing.
struct ExitStatus {
  int code;
};

}  // namespace berth::cli
