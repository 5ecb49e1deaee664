#include "runtime/json_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "util/error.h"

namespace berth::runtime {

namespace {
constexpr size_t kMaxLine = 16 * 1024;  // docker splits longer lines too
}

std::string timestamp_now() {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  tm utc{};
  ::gmtime_r(&now.tv_sec, &utc);
  char text[64];
  size_t length = std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + length, sizeof(text) - length, ".%09ldZ", now.tv_nsec);
  return text;
}

JsonLog::JsonLog(std::string path, std::int64_t max_size, int max_files)
    : path_(std::move(path)), max_size_(max_size), max_files_(std::max(1, max_files)) {
  fd_.reset(::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640));
  if (!fd_) throw_errno("cannot open container log", path_);
  struct stat info {};
  ::fstat(fd_.get(), &info);
  size_ = info.st_size;
}

std::string& JsonLog::pending(const std::string& stream) {
  return stream == "stderr" ? stderr_pending_ : stdout_pending_;
}

void JsonLog::append(const std::string& stream, const char* data, size_t length) {
  auto& buffer = pending(stream);
  buffer.append(data, length);
  size_t start = 0;
  for (size_t end; (end = buffer.find('\n', start)) != std::string::npos; start = end + 1)
    write_entry(stream, buffer.substr(start, end + 1 - start));
  buffer.erase(0, start);
  while (buffer.size() >= kMaxLine) {
    write_entry(stream, buffer.substr(0, kMaxLine));
    buffer.erase(0, kMaxLine);
  }
}

void JsonLog::flush(const std::string& stream) {
  auto& buffer = pending(stream);
  if (!buffer.empty()) write_entry(stream, buffer);
  buffer.clear();
}

void JsonLog::write_entry(const std::string& stream, const std::string& line) {
  std::string entry =
      nlohmann::json{{"log", line}, {"stream", stream}, {"time", timestamp_now()}}.dump(
          -1, ' ', false, nlohmann::json::error_handler_t::replace) +
      "\n";
  if (max_size_ > 0 && size_ > 0 && size_ + static_cast<std::int64_t>(entry.size()) > max_size_)
    rotate();
  if (::write(fd_.get(), entry.data(), entry.size()) < 0) throw_errno("cannot write log", path_);
  size_ += static_cast<std::int64_t>(entry.size());
}

void JsonLog::rotate() {
  for (int index = max_files_ - 1; index >= 1; --index) {
    std::string from = index == 1 ? path_ : path_ + "." + std::to_string(index - 1);
    std::rename(from.c_str(), (path_ + "." + std::to_string(index)).c_str());
  }
  if (max_files_ == 1) ::ftruncate(fd_.get(), 0);
  fd_.reset(::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640));
  if (!fd_) throw_errno("cannot reopen container log", path_);
  size_ = 0;
}

LogEntry parse_log_line(const std::string& line) {
  auto json = nlohmann::json::parse(line);
  return {json.at("log"), json.at("stream"), json.at("time")};
}

}  // namespace berth::runtime
