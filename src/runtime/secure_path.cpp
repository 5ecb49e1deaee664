#include "runtime/secure_path.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <vector>

#include "util/error.h"

namespace berth::runtime {

namespace {

std::deque<std::string> components(const std::string& path) {
  std::deque<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string joined(const std::string& root, const std::vector<std::string>& parts) {
  std::string result = root;
  for (const auto& part : parts) result += "/" + part;
  return result;
}

}  // namespace

std::string secure_join(const std::string& root, const std::string& path) {
  std::vector<std::string> resolved;
  auto pending = components(path);
  int links_followed = 0;
  while (!pending.empty()) {
    std::string part = pending.front();
    pending.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      if (!resolved.empty()) resolved.pop_back();
      continue;
    }
    resolved.push_back(part);
    std::string host_path = joined(root, resolved);
    char target[4096];
    ssize_t length = ::readlink(host_path.c_str(), target, sizeof(target) - 1);
    if (length < 0) continue;  // not a link, or not there yet
    if (++links_followed > 40) throw Error("too many symlinks resolving", path, ELOOP);
    resolved.pop_back();
    std::string link(target, static_cast<size_t>(length));
    if (!link.empty() && link[0] == '/') resolved.clear();
    auto link_parts = components(link);
    pending.insert(pending.begin(), link_parts.begin(), link_parts.end());
  }
  return joined(root, resolved);
}

std::string create_inside(const std::string& root, const std::string& path, bool as_file) {
  auto parts = components(path);
  std::string relative;
  for (size_t i = 0; i < parts.size(); ++i) {
    relative += "/" + parts[i];
    std::string host_path = secure_join(root, relative);
    bool last = i + 1 == parts.size();
    if (last && as_file) {
      int fd = ::open(host_path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
      if (fd < 0 && errno != EISDIR) throw_errno("cannot create mount point", path);
      if (fd >= 0) ::close(fd);
    } else if (::mkdir(host_path.c_str(), 0755) != 0 && errno != EEXIST) {
      throw_errno("cannot create directory", path);
    }
  }
  return secure_join(root, path);
}

}  // namespace berth::runtime
