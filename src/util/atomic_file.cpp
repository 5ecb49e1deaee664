#include "util/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/unique_fd.h"

namespace berth {

void write_file_atomically(const std::string& path, const std::string& content) {
  std::string temporary = path + ".tmp";
  UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) throw_errno("cannot write", temporary);
  if (::write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size()))
    throw_errno("cannot write", temporary);
  fd.reset();
  if (std::rename(temporary.c_str(), path.c_str()) != 0) throw_errno("cannot replace", path);
}

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw_errno("cannot read", path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace berth
