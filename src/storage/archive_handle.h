#pragma once

// Owning handles for libarchive readers and writers, freed on every path out.
#include <archive.h>

#include <memory>

namespace berth::storage {

struct ArchiveReadFree {
  void operator()(archive* handle) const { archive_read_free(handle); }
};
struct ArchiveWriteFree {
  void operator()(archive* handle) const { archive_write_free(handle); }
};

using ArchiveReader = std::unique_ptr<archive, ArchiveReadFree>;
using ArchiveWriter = std::unique_ptr<archive, ArchiveWriteFree>;

}  // namespace berth::storage
