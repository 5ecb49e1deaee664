#include "storage/tree_archive.h"

#include <memory>

#include "storage/archive_handle.h"
#include "storage/layer_writer.h"
#include "storage/libarchive_api.h"
#include "util/error.h"

namespace berth::storage {

namespace {

// The reader closed the stream: it has what it wanted, or failed and says why itself.
struct ReaderGone {};

[[noreturn]] void fail_write(archive* tar, const std::string& what, const std::string& name) {
  if (libarchive().archive_errno(tar) == EPIPE) throw ReaderGone{};
  throw_archive_error(tar, what, name);
}

std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// "<path>/x/y" becomes "<top_name>/x/y".
void rename_under(archive_entry* entry, const std::string& path, const std::string& top_name) {
  std::string rest = std::string(libarchive().archive_entry_pathname(entry)).substr(path.size());
  while (rest.starts_with("/")) rest.erase(0, 1);
  std::string name = rest.empty() ? top_name : top_name + "/" + rest;
  libarchive().archive_entry_set_pathname(entry, name.c_str());
}

void copy_data(archive* disk, archive* tar, const std::string& name) {
  char buffer[1 << 16];
  la_ssize_t n;
  while ((n = libarchive().archive_read_data(disk, buffer, sizeof buffer)) > 0)
    if (libarchive().archive_write_data(tar, buffer, static_cast<size_t>(n)) != n)
      fail_write(tar, "writing archive", name);
  if (n < 0) throw_archive_error(disk, "reading", name);
}

void write_entry(archive* disk, archive* tar, archive_entry_linkresolver* links,
                 ArchiveEntry entry) {
  std::string name = libarchive().archive_entry_pathname(entry.get());
  archive_entry* spare = nullptr;
  archive_entry* to_write = entry.get();
  // The tar strategy defers nothing: a later link to a file already written becomes a
  // hard-link entry in place.
  libarchive().archive_entry_linkify(links, &to_write, &spare);
  if (to_write != entry.get()) entry.release();
  if (libarchive().archive_write_header(tar, to_write) != ARCHIVE_OK)
    fail_write(tar, "writing archive", name);
  if (libarchive().archive_entry_size(to_write) > 0) copy_data(disk, tar, name);
}

void write_tree(const std::string& path, const std::string& top_name, bool follow_top_link,
                int out_fd) {
  std::string root = without_trailing_slashes(path);
  ArchiveReader disk(libarchive().archive_read_disk_new());
  // Numeric owners only: looking names up would load NSS modules of whatever root
  // this runs in.
  if (follow_top_link)
    libarchive().archive_read_disk_set_symlink_hybrid(disk.get());
  else
    libarchive().archive_read_disk_set_symlink_physical(disk.get());
  ArchiveWriter tar(libarchive().archive_write_new());
  libarchive().archive_write_set_format_gnutar(tar.get());
  if (libarchive().archive_write_open_fd(tar.get(), out_fd) != ARCHIVE_OK)
    throw_archive_error(tar.get(), "starting archive", root);
  LinkResolver links(libarchive().archive_entry_linkresolver_new());
  libarchive().archive_entry_linkresolver_set_strategy(links.get(),
                                                       libarchive().archive_format(tar.get()));
  if (libarchive().archive_read_disk_open(disk.get(), root.c_str()) != ARCHIVE_OK)
    throw_archive_error(disk.get(), "reading", root);
  while (true) {
    ArchiveEntry entry(libarchive().archive_entry_new());
    int status = libarchive().archive_read_next_header2(disk.get(), entry.get());
    if (status == ARCHIVE_EOF) break;
    if (status < ARCHIVE_WARN) throw_archive_error(disk.get(), "reading", root);
    libarchive().archive_read_disk_descend(disk.get());
    if (libarchive().archive_entry_filetype(entry.get()) == AE_IFSOCK) continue;
    rename_under(entry.get(), root, top_name);
    write_entry(disk.get(), tar.get(), links.get(), std::move(entry));
  }
  if (libarchive().archive_write_close(tar.get()) != ARCHIVE_OK)
    fail_write(tar.get(), "finishing archive", root);
}
}  // namespace

void write_tree_archive(const std::string& path, const std::string& top_name, bool follow_top_link,
                        int out_fd) {
  try {
    write_tree(path, top_name, follow_top_link, out_fd);
  } catch (const ReaderGone&) {
  }
}

void extract_archive(int in_fd, const std::string& dir, const ArchiveOwners& owners,
                     SpecialFiles special) {
  LayerWriter writer(dir, false);
  ArchiveReader tar(libarchive().archive_read_new());
  libarchive().archive_read_support_format_tar(tar.get());
  libarchive().archive_read_support_format_gnutar(tar.get());
  if (libarchive().archive_read_open_fd(tar.get(), in_fd, 1 << 16) != ARCHIVE_OK)
    throw_archive_error(tar.get(), "reading archive", dir);
  archive_entry* entry;
  int status;
  while ((status = libarchive().archive_read_next_header(tar.get(), &entry)) == ARCHIVE_OK) {
    if (special == SpecialFiles::dropped) {
      auto type = libarchive().archive_entry_filetype(entry);
      if (type == AE_IFCHR || type == AE_IFBLK) continue;
      libarchive().archive_entry_set_perm(entry, libarchive().archive_entry_perm(entry) & 01777);
    }
    auto owner = owners.owner_of(libarchive().archive_entry_pathname(entry),
                                 {static_cast<uid_t>(libarchive().archive_entry_uid(entry)),
                                  static_cast<gid_t>(libarchive().archive_entry_gid(entry))});
    libarchive().archive_entry_set_uid(entry, owner.uid);
    libarchive().archive_entry_set_gid(entry, owner.gid);
    writer.write_entry(tar.get(), entry);
  }
  if (status != ARCHIVE_EOF) throw_archive_error(tar.get(), "reading archive", dir);
  writer.finish();
}

}  // namespace berth::storage
