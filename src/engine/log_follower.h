#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine_context.h"
#include "runtime/json_log.h"
#include "util/file_watch.h"
#include "util/unique_fd.h"

namespace berth::engine {

// Where the supervisor keeps a container's docker-style json log.
std::filesystem::path container_log_path(const EngineContext& context, const std::string& name);

// Wakes `changes` on a container's new output and on its new state: the log's
// directory, and the run dir, whose state file is replaced when it exits.
void watch_container(FileWatch& changes, const EngineContext& context, const std::string& name);

// One entry of one container's log.
struct ContainerLogLine {
  std::string container;
  runtime::LogEntry entry;
};

struct LogSelection {
  std::optional<size_t> tail;  // the last N entries of each container's existing log
  std::string since;           // RFC 3339 UTC; entries stamped before it are skipped
  std::string until;           // RFC 3339 UTC; entries stamped after it are skipped
};

// Reads the json logs of several containers incrementally: the first read() returns
// what the files already hold (rotated files included), later ones what was appended
// since, each batch merged in time order. Survives rotation and files that appear late.
class LogFollower {
 public:
  explicit LogFollower(LogSelection selection);

  void add(const std::string& container, const std::filesystem::path& path);
  std::vector<ContainerLogLine> read();

 private:
  struct Source {
    std::string container;
    std::filesystem::path path;
    UniqueFd fd;
    ino_t inode = 0;
    std::string partial;
    bool started = false;
  };

  void read_existing(Source& source, std::vector<ContainerLogLine>& out);
  void read_appended(Source& source, std::vector<ContainerLogLine>& out);
  void drain(Source& source, std::vector<ContainerLogLine>& out);
  bool selected(const runtime::LogEntry& entry) const;

  LogSelection selection_;
  std::vector<Source> sources_;
};

// Parses --since/--until: an RFC 3339 UTC time, or a duration before now ("90s", "10m", "2h").
std::string parse_log_time(const std::string& text);

}  // namespace berth::engine
