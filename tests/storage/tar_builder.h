#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace berth::testing {

// Metadata of one tar entry, set fluently: TarOptions().mode(0750).owner(7, 8).
struct TarOptions {
  unsigned mode_bits = 0644;
  int uid = 0;
  int gid = 0;
  long mtime = 1700000000;
  std::string xattr_name;
  std::string xattr_value;

  TarOptions& mode(unsigned bits) {
    mode_bits = bits;
    return *this;
  }
  TarOptions& owner(int user, int group) {
    uid = user;
    gid = group;
    return *this;
  }
  TarOptions& modified(long seconds) {
    mtime = seconds;
    return *this;
  }
  TarOptions& xattr(std::string name, std::string value) {
    xattr_name = std::move(name);
    xattr_value = std::move(value);
    return *this;
  }
};

// Writes a layer tar entry by entry with libarchive, so tests can build any
// layer, malicious ones included, without external tools.
class TarBuilder {
 public:
  enum class Compression { none, gzip, zstd };

  explicit TarBuilder(const std::filesystem::path& path,
                      Compression compression = Compression::none)
      : archive_(archive_write_new()) {
    archive_write_set_format_pax_restricted(archive_);
    if (compression == Compression::gzip) archive_write_add_filter_gzip(archive_);
    if (compression == Compression::zstd) archive_write_add_filter_zstd(archive_);
    if (archive_write_open_filename(archive_, path.c_str()) != ARCHIVE_OK)
      throw std::runtime_error(archive_error_string(archive_));
  }
  TarBuilder(const TarBuilder&) = delete;
  TarBuilder& operator=(const TarBuilder&) = delete;
  ~TarBuilder() {
    archive_write_close(archive_);
    archive_write_free(archive_);
  }

  TarBuilder& file(const std::string& name, const std::string& content,
                   TarOptions options = TarOptions()) {
    auto* entry = start(name, AE_IFREG, options);
    archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
    finish(entry, content);
    return *this;
  }
  TarBuilder& dir(const std::string& name, TarOptions options = TarOptions().mode(0755)) {
    finish(start(name, AE_IFDIR, options));
    return *this;
  }
  TarBuilder& symlink(const std::string& name, const std::string& target) {
    auto* entry = start(name, AE_IFLNK, TarOptions().mode(0777));
    archive_entry_set_symlink(entry, target.c_str());
    finish(entry);
    return *this;
  }
  TarBuilder& hardlink(const std::string& name, const std::string& target) {
    auto* entry = start(name, AE_IFREG, TarOptions());
    archive_entry_set_hardlink(entry, target.c_str());
    archive_entry_set_size(entry, 0);
    finish(entry);
    return *this;
  }
  TarBuilder& device(const std::string& name, unsigned type, unsigned major, unsigned minor) {
    auto* entry = start(name, type, TarOptions().mode(0666));
    archive_entry_set_rdevmajor(entry, major);
    archive_entry_set_rdevminor(entry, minor);
    finish(entry);
    return *this;
  }

 private:
  archive_entry* start(const std::string& name, unsigned type, const TarOptions& options) {
    auto* entry = archive_entry_new();
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_filetype(entry, type);
    archive_entry_set_perm(entry, options.mode_bits);
    archive_entry_set_uid(entry, options.uid);
    archive_entry_set_gid(entry, options.gid);
    archive_entry_set_mtime(entry, options.mtime, 0);
    if (!options.xattr_name.empty())
      archive_entry_xattr_add_entry(entry, options.xattr_name.c_str(), options.xattr_value.data(),
                                    options.xattr_value.size());
    return entry;
  }
  void finish(archive_entry* entry, const std::string& content = {}) {
    if (archive_write_header(archive_, entry) != ARCHIVE_OK)
      throw std::runtime_error(archive_error_string(archive_));
    if (!content.empty()) archive_write_data(archive_, content.data(), content.size());
    archive_entry_free(entry);
  }

  archive* archive_;
};

}  // namespace berth::testing
