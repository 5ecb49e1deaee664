#pragma once

#include <cstdint>
#include <string>

#include "util/unique_fd.h"

namespace berth::runtime {

// Docker's json-file format: one {"log","stream","time"} object per line of output,
// rotated to <path>.1, <path>.2, ... when a file passes max_size bytes.
class JsonLog {
 public:
  JsonLog(std::string path, std::int64_t max_size, int max_files);

  // Appends output of one stream; complete lines are written at once, a trailing
  // partial line waits for its end (or flush()).
  void append(const std::string& stream, const char* data, size_t length);
  void flush(const std::string& stream);

 private:
  void write_entry(const std::string& stream, const std::string& line);
  void rotate();
  std::string& pending(const std::string& stream);

  std::string path_;
  std::int64_t max_size_;
  int max_files_;
  UniqueFd fd_;
  std::int64_t size_ = 0;
  std::string stdout_pending_, stderr_pending_;
};

// RFC 3339 with nanoseconds in UTC, as docker stamps log lines.
std::string timestamp_now();

// One log entry as written, for readers (`logs`) and tests.
struct LogEntry {
  std::string log, stream, time;
};
LogEntry parse_log_line(const std::string& line);

}  // namespace berth::runtime
