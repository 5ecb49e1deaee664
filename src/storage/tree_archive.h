#pragma once

#include <string>

#include "storage/archive_owners.h"

namespace berth::storage {

// Writes the tree at `path` as a tar stream to `out_fd`: a file, a symlink (as a link,
// unless `follow_top_link`) or a directory with everything below it (symlinks inside
// kept as links). The top entry is named `top_name`, and "." stands for the directory's
// contents only. Owners, modes, timestamps, xattrs and hard links are kept. A reader
// that closes the stream early ends the writing quietly: its own result tells why.
void write_tree_archive(const std::string& path, const std::string& top_name, bool follow_top_link,
                        int out_fd);

// What an extraction may create beyond plain files, directories and links.
enum class SpecialFiles {
  kept,     // device nodes, setuid and setgid bits as the archive has them
  dropped,  // for archives from a less trusted source: no device nodes, no set-id bits
};

// Extracts the tar stream read from `in_fd` into the existing directory `dir`; no entry
// lands outside it, whatever its name or the symlinks already there. `owners` says who
// owns each entry.
void extract_archive(int in_fd, const std::string& dir, const ArchiveOwners& owners,
                     SpecialFiles special = SpecialFiles::kept);

}  // namespace berth::storage
