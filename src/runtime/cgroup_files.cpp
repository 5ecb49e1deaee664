#include "runtime/cgroup_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <thread>

#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::runtime {

void write_control(const std::filesystem::path& file, const std::string& value) {
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) throw_errno("cannot open cgroup file", file);
  if (::write(fd.get(), value.data(), value.size()) < 0)
    throw_errno("cannot write '" + value + "' to cgroup file", file);
}

std::string read_control(const std::filesystem::path& file) {
  std::ifstream stream(file);
  if (!stream) throw_errno("cannot read cgroup file", file);
  std::stringstream text;
  text << stream.rdbuf();
  return text.str();
}

std::uint64_t read_number(const std::filesystem::path& file) {
  auto text = read_control(file);
  if (text.rfind("max", 0) == 0) return 0;
  return std::stoull(text);
}

std::uint64_t read_keyed(const std::filesystem::path& file, const std::string& key) {
  std::ifstream stream(file);
  std::string name;
  std::uint64_t value = 0;
  while (stream >> name >> value)
    if (name == key) return value;
  return 0;
}

std::vector<pid_t> read_pids(const std::filesystem::path& procs_file) {
  std::ifstream stream(procs_file);
  std::vector<pid_t> pids;
  for (pid_t pid; stream >> pid;) pids.push_back(pid);
  return pids;
}

void remove_cgroup_dir(const std::filesystem::path& dir) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return;
    if (errno != EBUSY) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw_errno("cannot remove cgroup", dir);
}

}  // namespace berth::runtime
