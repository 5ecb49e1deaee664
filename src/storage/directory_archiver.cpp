#include "storage/directory_archiver.h"

#include <memory>

#include "storage/archive_handle.h"
#include "storage/libarchive_api.h"
#include "util/error.h"

namespace berth::storage {

namespace {

la_ssize_t write_to_blob(archive*, void* data, const void* buffer, size_t size) {
  static_cast<BlobWriter*>(data)->write(buffer, size);
  return static_cast<la_ssize_t>(size);
}

// Names inside the layer are relative to its root: "bin/sh", not "/tmp/rootfs/bin/sh".
bool relativize(archive_entry* entry, const std::string& prefix) {
  std::string name = libarchive().archive_entry_pathname(entry);
  if (name.size() <= prefix.size()) return false;
  name = name.substr(prefix.size());
  while (name.starts_with("/")) name.erase(0, 1);
  libarchive().archive_entry_set_pathname(entry, name.c_str());
  return !name.empty();
}

void copy_data(archive* disk, archive* tar, const std::string& name) {
  char buffer[1 << 16];
  la_ssize_t n;
  while ((n = libarchive().archive_read_data(disk, buffer, sizeof buffer)) > 0)
    if (libarchive().archive_write_data(tar, buffer, static_cast<size_t>(n)) != n)
      throw_archive_error(tar, "writing layer tar", name);
  if (n < 0) throw_archive_error(disk, "reading", name);
}
}  // namespace

Descriptor archive_directory(const std::filesystem::path& dir, ContentStore& content) {
  if (!std::filesystem::is_directory(dir)) throw Error("not a directory", dir.string());
  auto blob = content.writer();
  ArchiveReader disk(libarchive().archive_read_disk_new());
  libarchive().archive_read_disk_set_symlink_physical(disk.get());
  libarchive().archive_read_disk_set_standard_lookup(disk.get());
  ArchiveWriter tar(libarchive().archive_write_new());
  libarchive().archive_write_set_format_pax_restricted(tar.get());
  if (libarchive().archive_write_open(tar.get(), &blob, nullptr, write_to_blob, nullptr) !=
      ARCHIVE_OK)
    throw_archive_error(tar.get(), "starting layer tar", dir.string());
  LinkResolver links(libarchive().archive_entry_linkresolver_new());
  libarchive().archive_entry_linkresolver_set_strategy(links.get(),
                                                       libarchive().archive_format(tar.get()));

  std::string root = dir.string();
  if (libarchive().archive_read_disk_open(disk.get(), root.c_str()) != ARCHIVE_OK)
    throw_archive_error(disk.get(), "reading directory", root);
  while (true) {
    archive_entry* entry = libarchive().archive_entry_new();
    int status = libarchive().archive_read_next_header2(disk.get(), entry);
    if (status == ARCHIVE_EOF) {
      libarchive().archive_entry_free(entry);
      break;
    }
    if (status < ARCHIVE_WARN) {
      libarchive().archive_entry_free(entry);
      throw_archive_error(disk.get(), "reading directory", root);
    }
    libarchive().archive_read_disk_descend(disk.get());
    std::string name = libarchive().archive_entry_pathname(entry);
    if (libarchive().archive_entry_filetype(entry) != AE_IFSOCK && relativize(entry, root)) {
      archive_entry* spare = nullptr;
      archive_entry* to_write = entry;
      libarchive().archive_entry_linkify(links.get(), &to_write, &spare);
      if (to_write) {
        if (libarchive().archive_write_header(tar.get(), to_write) != ARCHIVE_OK)
          throw_archive_error(tar.get(), "writing layer tar", name);
        if (libarchive().archive_entry_size(to_write) > 0) copy_data(disk.get(), tar.get(), name);
      }
      if (to_write != entry) entry = nullptr;  // the resolver keeps it
    }
    if (entry) libarchive().archive_entry_free(entry);
  }
  if (libarchive().archive_write_close(tar.get()) != ARCHIVE_OK)
    throw_archive_error(tar.get(), "finishing layer tar", root);
  return blob.commit({media_type::kOciLayer, {}, 0});
}

}  // namespace berth::storage
