#pragma once

// Owning handles for libarchive objects, freed on every path out, and the
// one way a libarchive failure becomes an Error.
#include <memory>
#include <string>

#include "storage/libarchive_api.h"

namespace berth::storage {

struct ArchiveReadFree {
  void operator()(archive* handle) const { libarchive().archive_read_free(handle); }
};
struct ArchiveWriteFree {
  void operator()(archive* handle) const { libarchive().archive_write_free(handle); }
};
struct ArchiveEntryFree {
  void operator()(archive_entry* entry) const { libarchive().archive_entry_free(entry); }
};
struct LinkResolverFree {
  void operator()(archive_entry_linkresolver* resolver) const {
    libarchive().archive_entry_linkresolver_free(resolver);
  }
};

using ArchiveReader = std::unique_ptr<archive, ArchiveReadFree>;
using ArchiveWriter = std::unique_ptr<archive, ArchiveWriteFree>;
using ArchiveEntry = std::unique_ptr<archive_entry, ArchiveEntryFree>;
using LinkResolver = std::unique_ptr<archive_entry_linkresolver, LinkResolverFree>;

// Throws `what`, with libarchive's message for `handle`, about `name`.
[[noreturn]] void throw_archive_error(archive* handle, const std::string& what,
                                      const std::string& name);

}  // namespace berth::storage
