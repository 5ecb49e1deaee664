#include "storage/layer_writer.h"

#include <fcntl.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "storage/libarchive_api.h"
#include "storage/safe_path.h"
#include "util/error.h"

namespace berth::storage {

namespace {
constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";

std::array<timespec, 2> entry_times(archive_entry* entry) {
  timespec mtime{libarchive().archive_entry_mtime(entry),
                 libarchive().archive_entry_mtime_nsec(entry)};
  timespec atime = libarchive().archive_entry_atime_is_set(entry)
                       ? timespec{libarchive().archive_entry_atime(entry),
                                  libarchive().archive_entry_atime_nsec(entry)}
                       : mtime;
  return {atime, mtime};
}

// Order matters: chown clears setuid bits and file capabilities, so it goes first.
void apply_metadata(int fd, archive_entry* entry, const std::string& path) {
  if (::fchown(fd, static_cast<uid_t>(libarchive().archive_entry_uid(entry)),
               static_cast<gid_t>(libarchive().archive_entry_gid(entry))) != 0)
    throw_errno("setting owner of", path);
  if (::fchmod(fd, libarchive().archive_entry_perm(entry) & 07777) != 0)
    throw_errno("setting mode of", path);
  const char* name;
  const void* value;
  size_t size;
  libarchive().archive_entry_xattr_reset(entry);
  while (libarchive().archive_entry_xattr_next(entry, &name, &value, &size) == ARCHIVE_OK)
    if (::fsetxattr(fd, name, value, size, 0) != 0)
      throw_errno("setting xattr " + std::string(name) + " on", path);
}

void apply_times(int fd, archive_entry* entry, const std::string& path) {
  auto times = entry_times(entry);
  if (::futimens(fd, times.data()) != 0) throw_errno("setting timestamps of", path);
}

void apply_link_metadata(int parent, const std::string& base, archive_entry* entry,
                         const std::string& path) {
  if (::fchownat(parent, base.c_str(), static_cast<uid_t>(libarchive().archive_entry_uid(entry)),
                 static_cast<gid_t>(libarchive().archive_entry_gid(entry)),
                 AT_SYMLINK_NOFOLLOW) != 0)
    throw_errno("setting owner of", path);
  auto times = entry_times(entry);
  if (::utimensat(parent, base.c_str(), times.data(), AT_SYMLINK_NOFOLLOW) != 0)
    throw_errno("setting timestamps of", path);
}

bool is_directory_at(int parent, const std::string& base) {
  struct stat st;
  return ::fstatat(parent, base.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}
}  // namespace

LayerWriter::LayerWriter(const std::filesystem::path& root, bool whiteouts)
    : root_path_(root),
      root_(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)),
      whiteouts_(whiteouts) {
  if (!root_)
    throw_errno(whiteouts ? "opening layer directory" : "no such directory", root.string());
}

LayerWriter::Target LayerWriter::locate(const char* name) {
  auto components = clean_entry_path(name ? name : "");
  Target target;
  target.path = join_components(components, components.size());
  if (components.empty()) return target;
  target.base = components.back();
  components.pop_back();
  target.parent = open_or_create_dir_in_root(root_.get(), components);
  return target;
}

void LayerWriter::write_entry(archive* source, archive_entry* entry) {
  Target target = locate(libarchive().archive_entry_pathname(entry));
  if (target.base.empty()) return;  // "./": the layer root keeps berth's own mode and owner
  if (whiteouts_ && target.base == kOpaqueMarker) return write_opaque_marker(target);
  if (whiteouts_ && target.base.starts_with(kWhiteoutPrefix)) return write_whiteout(target);
  if (libarchive().archive_entry_hardlink(entry)) return write_hardlink(target, entry);
  switch (libarchive().archive_entry_filetype(entry)) {
    case AE_IFDIR:
      return write_directory(target, entry);
    case AE_IFREG:
      return write_regular(target, source, entry);
    case AE_IFLNK:
      return write_symlink(target, entry);
    case AE_IFCHR:
    case AE_IFBLK:
    case AE_IFIFO:
      return write_special(target, entry);
    default:
      throw Error("unsupported entry type in layer", target.path);
  }
}

void LayerWriter::write_whiteout(const Target& target) {
  std::string hidden = target.base.substr(kWhiteoutPrefix.size());
  if (hidden.starts_with(kWhiteoutPrefix)) return;  // other aufs metadata (.wh..wh.plnk)
  remove_tree_at(target.parent.get(), hidden);
  if (::mknodat(target.parent.get(), hidden.c_str(), S_IFCHR, makedev(0, 0)) != 0)
    throw_errno("creating whiteout for", target.path);
}

void LayerWriter::write_opaque_marker(const Target& target) {
  UniqueFd dir(::openat(target.parent.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir || ::fsetxattr(dir.get(), "trusted.overlay.opaque", "y", 1, 0) != 0)
    throw_errno("marking directory opaque", target.path);
}

void LayerWriter::write_directory(const Target& target, archive_entry* entry) {
  if (!is_directory_at(target.parent.get(), target.base)) {
    remove_tree_at(target.parent.get(), target.base);
    if (::mkdirat(target.parent.get(), target.base.c_str(), 0700) != 0)
      throw_errno("creating directory", target.path);
  }
  UniqueFd dir(::openat(target.parent.get(), target.base.c_str(),
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir) throw_errno("opening directory", target.path);
  apply_metadata(dir.get(), entry, target.path);
  directory_times_.emplace_back(target.path, entry_times(entry));
}

void LayerWriter::write_regular(const Target& target, archive* source, archive_entry* entry) {
  remove_tree_at(target.parent.get(), target.base);
  UniqueFd file(::openat(target.parent.get(), target.base.c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!file) throw_errno("creating file", target.path);
  const void* block;
  size_t size;
  la_int64_t offset;
  int status;
  while ((status = libarchive().archive_read_data_block(source, &block, &size, &offset)) ==
         ARCHIVE_OK) {
    const char* bytes = static_cast<const char*>(block);
    for (size_t done = 0; done < size;) {
      ssize_t n = ::pwrite(file.get(), bytes + done, size - done, offset + done);
      if (n < 0) throw_errno("writing file", target.path);
      done += static_cast<size_t>(n);
    }
  }
  if (status != ARCHIVE_EOF)
    throw Error("reading layer data: " + std::string(libarchive().archive_error_string(source)),
                target.path);
  if (::ftruncate(file.get(), libarchive().archive_entry_size(entry)) != 0)
    throw_errno("sizing file", target.path);
  apply_metadata(file.get(), entry, target.path);
  apply_times(file.get(), entry, target.path);
}

void LayerWriter::write_symlink(const Target& target, archive_entry* entry) {
  const char* link_target = libarchive().archive_entry_symlink(entry);
  remove_tree_at(target.parent.get(), target.base);
  if (::symlinkat(link_target ? link_target : "", target.parent.get(), target.base.c_str()) != 0)
    throw_errno("creating symlink", target.path);
  apply_link_metadata(target.parent.get(), target.base, entry, target.path);
}

// The link target is resolved inside the root like any other name, and linkat
// without AT_SYMLINK_FOLLOW links a symlink itself, never what it points to.
void LayerWriter::write_hardlink(const Target& target, archive_entry* entry) {
  Target existing = locate(libarchive().archive_entry_hardlink(entry));
  if (existing.base.empty()) throw Error("hard link to the layer root", target.path);
  remove_tree_at(target.parent.get(), target.base);
  if (::linkat(existing.parent.get(), existing.base.c_str(), target.parent.get(),
               target.base.c_str(), 0) != 0)
    throw_errno("creating hard link to " + existing.path + " at", target.path);
}

void LayerWriter::write_special(const Target& target, archive_entry* entry) {
  remove_tree_at(target.parent.get(), target.base);
  if (::mknodat(target.parent.get(), target.base.c_str(),
                libarchive().archive_entry_filetype(entry) | 0600,
                libarchive().archive_entry_rdev(entry)) != 0)
    throw_errno("creating device node", target.path);
  // The node was just made by us in a directory only we write to, so the name
  // still denotes it; it is never opened, which would reach its driver.
  if (::fchownat(target.parent.get(), target.base.c_str(),
                 static_cast<uid_t>(libarchive().archive_entry_uid(entry)),
                 static_cast<gid_t>(libarchive().archive_entry_gid(entry)),
                 AT_SYMLINK_NOFOLLOW) != 0 ||
      ::fchmodat(target.parent.get(), target.base.c_str(),
                 libarchive().archive_entry_perm(entry) & 07777, 0) != 0)
    throw_errno("setting owner and mode of", target.path);
  auto times = entry_times(entry);
  if (::utimensat(target.parent.get(), target.base.c_str(), times.data(), AT_SYMLINK_NOFOLLOW) != 0)
    throw_errno("setting timestamps of", target.path);
}

void LayerWriter::finish() {
  for (auto it = directory_times_.rbegin(); it != directory_times_.rend(); ++it) {
    UniqueFd dir = open_in_root(root_.get(), it->first, O_RDONLY | O_DIRECTORY);
    if (!dir || ::futimens(dir.get(), it->second.data()) != 0)
      throw_errno("setting timestamps of", it->first);
  }
}

}  // namespace berth::storage
