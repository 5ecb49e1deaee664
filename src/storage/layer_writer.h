#pragma once

#include <sys/stat.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "util/unique_fd.h"

struct archive;
struct archive_entry;

namespace berth::storage {

// Writes the entries of one layer tar into a directory and never outside it:
// names are cleaned lexically, parents resolved with RESOLVE_IN_ROOT, the final
// component created with *at calls that never follow it, and whatever was
// there before is removed rather than written through. Layer whiteouts become
// overlayfs whiteouts. Ownership, modes (setuid too), xattrs (file capabilities
// too) and timestamps are kept. A writer for a plain archive (not a layer) is made
// with `whiteouts` false: ".wh." names are then ordinary files.
class LayerWriter {
 public:
  explicit LayerWriter(const std::filesystem::path& root, bool whiteouts = true);

  // Consumes the entry's data from the archive.
  void write_entry(archive* source, archive_entry* entry);
  // Directory timestamps are set last, since writing children changes them.
  void finish();

 private:
  struct Target {
    UniqueFd parent;
    std::string base;
    std::string path;  // cleaned, for messages and deferred timestamps
  };
  Target locate(const char* name);
  void write_whiteout(const Target& target);
  void write_opaque_marker(const Target& target);
  void write_directory(const Target& target, archive_entry* entry);
  void write_regular(const Target& target, archive* source, archive_entry* entry);
  void write_symlink(const Target& target, archive_entry* entry);
  void write_hardlink(const Target& target, archive_entry* entry);
  void write_special(const Target& target, archive_entry* entry);

  std::filesystem::path root_path_;
  UniqueFd root_;
  bool whiteouts_;
  std::vector<std::pair<std::string, std::array<timespec, 2>>> directory_times_;
};

}  // namespace berth::storage
