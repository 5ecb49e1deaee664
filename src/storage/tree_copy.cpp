#include "storage/tree_copy.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::storage {

namespace {
std::vector<std::string> list_names(int dir_fd) {
  int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_errno("listing directory to copy");
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    throw_errno("listing directory to copy");
  }
  std::vector<std::string> names;
  while (auto* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(dir);
  return names;
}

void copy_file(int source_dir, int target_dir, const std::string& name, const struct stat& st) {
  UniqueFd in(::openat(source_dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  UniqueFd out(::openat(target_dir, name.c_str(),
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!in || !out) throw_errno("copying file", name);
  for (off_t left = st.st_size; left > 0;) {
    ssize_t n = ::sendfile(out.get(), in.get(), nullptr, static_cast<size_t>(left));
    if (n <= 0) throw_errno("copying file", name);
    left -= n;
  }
}

void copy_metadata(int target_dir, const std::string& name, const struct stat& st) {
  if (::fchownat(target_dir, name.c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0)
    throw_errno("setting owner of copy", name);
  if (!S_ISLNK(st.st_mode) && ::fchmodat(target_dir, name.c_str(), st.st_mode & 07777, 0) != 0)
    throw_errno("setting mode of copy", name);
  timespec times[2] = {st.st_atim, st.st_mtim};
  if (::utimensat(target_dir, name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
    throw_errno("setting timestamps of copy", name);
}

void copy_entry(int source_dir, int target_dir, const std::string& name) {
  struct stat st;
  if (::fstatat(source_dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    throw_errno("reading", name);
  if (S_ISDIR(st.st_mode)) {
    if (::mkdirat(target_dir, name.c_str(), 0700) != 0) throw_errno("creating directory", name);
    UniqueFd from(
        ::openat(source_dir, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    UniqueFd to(::openat(target_dir, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!from || !to) throw_errno("opening directory to copy", name);
    copy_tree(from.get(), to.get());
  } else if (S_ISREG(st.st_mode)) {
    copy_file(source_dir, target_dir, name, st);
  } else if (S_ISLNK(st.st_mode)) {
    std::string link(static_cast<size_t>(st.st_size) + 1, '\0');
    ssize_t n = ::readlinkat(source_dir, name.c_str(), link.data(), link.size());
    if (n < 0) throw_errno("reading symlink", name);
    link.resize(static_cast<size_t>(n));
    if (::symlinkat(link.c_str(), target_dir, name.c_str()) != 0)
      throw_errno("copying symlink", name);
  } else if (::mknodat(target_dir, name.c_str(), st.st_mode, st.st_rdev) != 0) {
    throw_errno("copying special file", name);
  }
  copy_metadata(target_dir, name, st);
}
}  // namespace

void copy_tree(int source_dir_fd, int target_dir_fd) {
  for (const auto& name : list_names(source_dir_fd)) copy_entry(source_dir_fd, target_dir_fd, name);
}

}  // namespace berth::storage
