#include "storage/layer_unpacker.h"

#include <fcntl.h>
#include <unistd.h>

#include <memory>

#include "storage/archive_handle.h"
#include "storage/layer_writer.h"
#include "storage/libarchive_api.h"
#include "storage/sha256.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::storage {

namespace {

// Two libarchive readers in a chain, so both digests come from one pass: the
// outer one reads the blob (hashing its raw bytes) and only decompresses; the
// inner one parses tar from the outer's output (hashing the uncompressed bytes).
struct Pipeline {
  UniqueFd blob;
  Sha256 blob_hash;
  std::int64_t blob_size = 0;
  Sha256 tar_hash;
  bool compressed = false;  // otherwise the tar is the blob: one hash gives both digests
  ArchiveReader outer;
  ArchiveReader inner;
  char buffer[1 << 16];
  std::string name;
};

la_ssize_t read_blob(archive* a, void* data, const void** out) {
  auto* pipe = static_cast<Pipeline*>(data);
  ssize_t n;
  do {
    n = ::read(pipe->blob.get(), pipe->buffer, sizeof pipe->buffer);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    libarchive().archive_set_error(a, errno, "reading layer blob");
    return -1;
  }
  pipe->blob_hash.update(pipe->buffer, static_cast<size_t>(n));
  pipe->blob_size += n;
  *out = pipe->buffer;
  return n;
}

la_ssize_t read_decompressed(archive* a, void* data, const void** out) {
  auto* pipe = static_cast<Pipeline*>(data);
  const void* block;
  size_t size;
  la_int64_t offset;
  int status = libarchive().archive_read_data_block(pipe->outer.get(), &block, &size, &offset);
  if (status == ARCHIVE_EOF) return 0;
  if (status != ARCHIVE_OK) {
    libarchive().archive_set_error(a, EIO, "%s",
                                   libarchive().archive_error_string(pipe->outer.get()));
    return -1;
  }
  if (pipe->compressed) pipe->tar_hash.update(block, size);
  *out = block;
  return static_cast<la_ssize_t>(size);
}

void open_outer(Pipeline& pipe) {
  pipe.outer.reset(libarchive().archive_read_new());
  libarchive().archive_read_support_filter_all(pipe.outer.get());
  libarchive().archive_read_support_format_raw(pipe.outer.get());
  if (libarchive().archive_read_open(pipe.outer.get(), &pipe, nullptr, read_blob, nullptr) !=
      ARCHIVE_OK)
    throw_archive_error(pipe.outer.get(), "opening layer", pipe.name);
  archive_entry* raw;
  if (libarchive().archive_read_next_header(pipe.outer.get(), &raw) != ARCHIVE_OK)
    throw_archive_error(pipe.outer.get(), "decompressing layer", pipe.name);
  pipe.compressed = libarchive().archive_filter_code(pipe.outer.get(), 0) != ARCHIVE_FILTER_NONE;
}

void open_inner(Pipeline& pipe) {
  pipe.inner.reset(libarchive().archive_read_new());
  libarchive().archive_read_support_format_tar(pipe.inner.get());
  if (libarchive().archive_read_open(pipe.inner.get(), &pipe, nullptr, read_decompressed,
                                     nullptr) != ARCHIVE_OK)
    throw_archive_error(pipe.inner.get(), "reading layer tar", pipe.name);
}

// Tar padding after the end marker and bytes after a compressed stream still
// count towards the digests.
void drain(Pipeline& pipe) {
  const void* out;
  while (read_decompressed(pipe.inner.get(), &pipe, &out) > 0) {
  }
  while (read_blob(pipe.outer.get(), &pipe, &out) > 0) {
  }
}
}  // namespace

UnpackDigests unpack_layer(const std::filesystem::path& blob,
                           const std::filesystem::path& target_dir) {
  auto pipe = std::make_unique<Pipeline>();
  pipe->name = blob.string();
  pipe->blob.reset(::open(blob.c_str(), O_RDONLY | O_CLOEXEC));
  if (!pipe->blob) throw_errno("opening layer blob", pipe->name);
  open_outer(*pipe);
  open_inner(*pipe);
  LayerWriter writer(target_dir);
  archive_entry* entry;
  int status;
  while ((status = libarchive().archive_read_next_header(pipe->inner.get(), &entry)) ==
         ARCHIVE_OK) {
    try {
      writer.write_entry(pipe->inner.get(), entry);
    } catch (const Error& e) {
      throw e.with_context("unpacking " + pipe->name);
    }
  }
  if (status != ARCHIVE_EOF)
    throw_archive_error(pipe->inner.get(), "reading layer tar", pipe->name);
  writer.finish();
  drain(*pipe);
  auto blob_digest = oci_digest(pipe->blob_hash);
  return {blob_digest, pipe->compressed ? oci_digest(pipe->tar_hash) : blob_digest,
          pipe->blob_size};
}

}  // namespace berth::storage
