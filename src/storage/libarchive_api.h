#pragma once

// libarchive, loaded on first use (see util/shared_library.h): only image
// import, load, save, layer unpacking and `cp` need it. Calls go through
// libarchive().archive_...(); the headers give the types, nothing links it.
#include <archive.h>
#include <archive_entry.h>

#include "util/shared_library.h"

namespace berth::storage {

#define BERTH_LIBARCHIVE_FUNCTIONS(X)        \
  X(archive_entry_atime)                     \
  X(archive_entry_atime_is_set)              \
  X(archive_entry_atime_nsec)                \
  X(archive_entry_filetype)                  \
  X(archive_entry_free)                      \
  X(archive_entry_gid)                       \
  X(archive_entry_hardlink)                  \
  X(archive_entry_linkify)                   \
  X(archive_entry_linkresolver_free)         \
  X(archive_entry_linkresolver_new)          \
  X(archive_entry_linkresolver_set_strategy) \
  X(archive_entry_mtime)                     \
  X(archive_entry_mtime_nsec)                \
  X(archive_entry_new)                       \
  X(archive_entry_pathname)                  \
  X(archive_entry_perm)                      \
  X(archive_entry_rdev)                      \
  X(archive_entry_set_filetype)              \
  X(archive_entry_set_gid)                   \
  X(archive_entry_set_pathname)              \
  X(archive_entry_set_perm)                  \
  X(archive_entry_set_size)                  \
  X(archive_entry_set_uid)                   \
  X(archive_entry_size)                      \
  X(archive_entry_symlink)                   \
  X(archive_entry_uid)                       \
  X(archive_entry_xattr_next)                \
  X(archive_entry_xattr_reset)               \
  X(archive_errno)                           \
  X(archive_error_string)                    \
  X(archive_filter_code)                     \
  X(archive_format)                          \
  X(archive_read_data)                       \
  X(archive_read_data_block)                 \
  X(archive_read_disk_descend)               \
  X(archive_read_disk_new)                   \
  X(archive_read_disk_open)                  \
  X(archive_read_disk_set_standard_lookup)   \
  X(archive_read_disk_set_symlink_hybrid)    \
  X(archive_read_disk_set_symlink_physical)  \
  X(archive_read_free)                       \
  X(archive_read_new)                        \
  X(archive_read_next_header)                \
  X(archive_read_next_header2)               \
  X(archive_read_open)                       \
  X(archive_read_open_fd)                    \
  X(archive_read_open_filename)              \
  X(archive_read_support_filter_all)         \
  X(archive_read_support_format_gnutar)      \
  X(archive_read_support_format_raw)         \
  X(archive_read_support_format_tar)         \
  X(archive_set_error)                       \
  X(archive_write_close)                     \
  X(archive_write_data)                      \
  X(archive_write_free)                      \
  X(archive_write_header)                    \
  X(archive_write_new)                       \
  X(archive_write_open)                      \
  X(archive_write_open_fd)                   \
  X(archive_write_set_format_gnutar)         \
  X(archive_write_set_format_pax_restricted)

struct LibArchive {
  BERTH_LIBARCHIVE_FUNCTIONS(BERTH_LIBRARY_MEMBER)
};

// Loads the library on the first call; throws Error when it is not installed.
const LibArchive& libarchive();

}  // namespace berth::storage
