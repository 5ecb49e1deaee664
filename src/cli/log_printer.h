#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "engine/log_follower.h"

namespace berth::cli {

struct LogFormat {
  bool colour = false;      // ANSI colour per container (on a terminal)
  bool prefix = true;       // "name  | " before each line
  bool timestamps = false;  // the entry's time before the text
};

// Prints container log entries like docker compose: each line prefixed with the
// container's name padded to the longest, coloured per container on a terminal.
class LogPrinter {
 public:
  LogPrinter(std::FILE* out, LogFormat format, const std::vector<std::string>& containers);

  void print(const engine::ContainerLogLine& line);
  // A line of berth's own about a container ("web-1 exited with code 0").
  void note(const std::string& container, const std::string& text);

 private:
  std::string prefix(const std::string& container) const;

  std::FILE* out_;
  LogFormat format_;
  size_t width_ = 0;
  std::map<std::string, size_t> colour_of_;
};

}  // namespace berth::cli
