#include "storage/safe_path.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/error.h"

namespace berth::storage {

std::vector<std::string> clean_entry_path(std::string_view name) {
  std::vector<std::string> components;
  std::size_t start = 0;
  while (start <= name.size()) {
    auto slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    std::string_view component = name.substr(start, slash - start);
    if (component == "..") {
      if (!components.empty()) components.pop_back();
    } else if (!component.empty() && component != ".") {
      components.emplace_back(component);
    }
    start = slash + 1;
  }
  return components;
}

std::string join_components(const std::vector<std::string>& components, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count && i < components.size(); ++i) {
    if (i) out += '/';
    out += components[i];
  }
  return out.empty() ? "." : out;
}

UniqueFd open_in_root(int root_fd, const std::string& relative, int flags) {
  struct open_how how = {};
  how.flags = static_cast<unsigned long long>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  long fd;
  do {
    fd = ::syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how);
  } while (fd < 0 && errno == EAGAIN);
  return UniqueFd(static_cast<int>(fd));
}

UniqueFd open_or_create_dir_in_root(int root_fd, const std::vector<std::string>& components) {
  std::string path = join_components(components, components.size());
  UniqueFd fd = open_in_root(root_fd, path, O_PATH | O_DIRECTORY);
  if (fd || errno != ENOENT || components.empty()) {
    if (!fd) throw_errno("opening directory inside layer", path);
    return fd;
  }
  std::vector<std::string> parent(components.begin(), components.end() - 1);
  UniqueFd parent_fd = open_or_create_dir_in_root(root_fd, parent);
  if (::mkdirat(parent_fd.get(), components.back().c_str(), 0755) != 0 && errno != EEXIST)
    throw_errno("creating directory inside layer", path);
  fd = open_in_root(root_fd, path, O_PATH | O_DIRECTORY);
  if (!fd) throw_errno("opening directory inside layer", path);
  return fd;
}

namespace {
void remove_directory_contents(int dir_fd, const std::string& name) {
  int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) throw_errno("opening directory to remove", name);
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    throw_errno("listing directory to remove", name);
  }
  std::vector<std::string> children;
  while (auto* entry = ::readdir(dir)) {
    std::string child = entry->d_name;
    if (child != "." && child != "..") children.push_back(child);
  }
  for (const auto& child : children) remove_tree_at(::dirfd(dir), child);
  ::closedir(dir);
}
}  // namespace

void remove_tree_at(int dir_fd, const std::string& name) {
  if (::unlinkat(dir_fd, name.c_str(), 0) == 0 || errno == ENOENT) return;
  if (errno != EISDIR) throw_errno("removing", name);
  remove_directory_contents(dir_fd, name);
  if (::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
    throw_errno("removing directory", name);
}

}  // namespace berth::storage
