#include "engine/supervisor_process.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/container_control.h"

namespace berth::engine {

namespace fs = std::filesystem;

namespace {
std::vector<std::string> command_line(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> words;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\0', start);
    if (end == std::string::npos) end = text.size();
    words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}
}  // namespace

// The supervisor runs as `berth-supervisor supervise <container dir> <report fd> [first run]`.
std::optional<pid_t> verified_supervisor(const fs::path& container_dir) {
  auto pid = runtime::find_supervisor(container_dir.string());
  if (!pid) return std::nullopt;
  auto words = command_line(*pid);
  if (words.size() < 4 || words.size() > 5 || fs::path(words[0]).filename() != "berth-supervisor" ||
      words[1] != "supervise" ||
      fs::path(words[2]).lexically_normal() != container_dir.lexically_normal())
    return std::nullopt;
  return pid;
}

}  // namespace berth::engine
