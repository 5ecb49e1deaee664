#include "runtime/seccomp_program_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "util/atomic_file.h"

namespace berth::runtime {

namespace {
// FNV-1a: names the file only; the text inside decides.
std::string file_name_of(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char character : text) hash = (hash ^ character) * 1099511628211ULL;
  char name[32];
  std::snprintf(name, sizeof(name), "%016llx.bpf", static_cast<unsigned long long>(hash));
  return name;
}

std::string header_of(const std::string& text, std::size_t instructions) {
  return std::to_string(text.size()) + " " + std::to_string(instructions) + "\n";
}

// The file: a header with the text's length and the program's, the text, the program.
std::string file_content(const std::string& text, const SeccompProgram& program) {
  std::string content = header_of(text, program.size()) + text;
  content.append(reinterpret_cast<const char*>(program.data()),
                 program.size() * sizeof(sock_filter));
  return content;
}

std::optional<SeccompProgram> program_in(const std::string& content, const std::string& text) {
  auto body = content.find('\n') + 1;
  if (body == 0 || body + text.size() > content.size()) return std::nullopt;
  auto bytes = content.size() - body - text.size();
  auto instructions = bytes / sizeof(sock_filter);
  if (instructions == 0 || content.compare(0, body, header_of(text, instructions)) ||
      content.compare(body, text.size(), text))
    return std::nullopt;
  SeccompProgram program(instructions);
  content.copy(reinterpret_cast<char*>(program.data()), bytes, body + text.size());
  return program;
}

// Containers starting together may store the same program: each writes a
// file of its own and renames it into place.
void store(const std::string& path, const std::string& content) {
  auto temporary = path + "." + std::to_string(::getpid()) + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return;
  bool written =
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) ::unlink(temporary.c_str());
}
}  // namespace

SeccompProgram cached_seccomp_program(const SeccompPolicy& policy, const std::string& dir) {
  if (dir.empty()) return compile_seccomp(policy);
  auto text = canonical_seccomp_text(policy);
  auto path = dir + "/" + file_name_of(text);
  if (::access(path.c_str(), R_OK) == 0)
    if (auto program = program_in(read_file(path), text)) return *program;
  auto program = compile_seccomp(policy);
  // Only a cache: when it cannot be written, the next container compiles again.
  if (::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST) store(path, file_content(text, program));
  return program;
}

}  // namespace berth::runtime
