#include "storage/image_saver.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "storage/archive_handle.h"
#include "storage/image_index.h"
#include "storage/libarchive_api.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::storage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
// A tar written to a temp file beside the output, renamed over it on finish().
class TarFile {
 public:
  explicit TarFile(const fs::path& output)
      : output_(output), writer_(libarchive().archive_write_new()) {
    temp_ = output.string() + ".tmp-XXXXXX";
    UniqueFd fd(::mkostemp(temp_.data(), O_CLOEXEC));
    if (!fd) throw_errno("creating", temp_);
    fd_ = std::move(fd);
    libarchive().archive_write_set_format_pax_restricted(writer_.get());
    if (libarchive().archive_write_open_fd(writer_.get(), fd_.get()) != ARCHIVE_OK) fail("opening");
  }
  TarFile(const TarFile&) = delete;
  TarFile& operator=(const TarFile&) = delete;
  ~TarFile() {
    if (!temp_.empty()) ::unlink(temp_.c_str());
  }

  void add_bytes(const std::string& name, std::string_view bytes) {
    header(name, static_cast<std::int64_t>(bytes.size()));
    data(bytes.data(), bytes.size());
  }

  void add_file(const std::string& name, const fs::path& source) {
    UniqueFd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (!in) throw_errno("opening", source.string());
    header(name, static_cast<std::int64_t>(fs::file_size(source)));
    char buffer[1 << 16];
    while (true) {
      ssize_t n = ::read(in.get(), buffer, sizeof buffer);
      if (n < 0) throw_errno("reading", source.string());
      if (n == 0) break;
      data(buffer, static_cast<std::size_t>(n));
    }
  }

  void finish() {
    if (libarchive().archive_write_close(writer_.get()) != ARCHIVE_OK) fail("finishing");
    if (::fsync(fd_.get()) != 0) throw_errno("syncing", temp_);
    fd_.reset();
    if (::rename(temp_.c_str(), output_.c_str()) != 0) throw_errno("writing", output_.string());
    temp_.clear();
  }

 private:
  void header(const std::string& name, std::int64_t size) {
    ArchiveEntry entry(libarchive().archive_entry_new());
    libarchive().archive_entry_set_pathname(entry.get(), name.c_str());
    libarchive().archive_entry_set_filetype(entry.get(), AE_IFREG);
    libarchive().archive_entry_set_perm(entry.get(), 0644);
    libarchive().archive_entry_set_size(entry.get(), size);
    if (libarchive().archive_write_header(writer_.get(), entry.get()) != ARCHIVE_OK)
      fail("writing " + name);
  }
  void data(const char* bytes, std::size_t size) {
    if (libarchive().archive_write_data(writer_.get(), bytes, size) < 0) fail("writing");
  }
  [[noreturn]] void fail(const std::string& what) {
    throw Error(what + " image archive: " + libarchive().archive_error_string(writer_.get()),
                output_.string());
  }

  fs::path output_;
  std::string temp_;
  UniqueFd fd_;
  ArchiveWriter writer_;
};

std::string blob_name(const std::string& digest) { return "blobs/sha256/" + digest.substr(7); }

struct SavedImage {
  Image image;
  std::vector<ImageReference> names;
};

// By name: that name; by id: every name the image has.
SavedImage resolve(ImageStore& images, const std::string& name_or_id) {
  SavedImage saved{images.get(name_or_id), {}};
  std::optional<ImageReference> ref;
  try {
    ref = parse_image_reference(name_or_id);
  } catch (const Error&) {
  }
  bool by_name = ref && ref->digest.empty() &&
                 std::find(saved.image.names.begin(), saved.image.names.end(), ref->canonical()) !=
                     saved.image.names.end();
  if (by_name) {
    saved.names = {*ref};
  } else {
    for (const auto& name : saved.image.names) saved.names.push_back(parse_image_reference(name));
  }
  return saved;
}
}  // namespace

void save_images(ImageStore& images, const std::vector<std::string>& names_or_ids,
                 const fs::path& output) {
  std::vector<SavedImage> saved;
  for (const auto& name : names_or_ids) saved.push_back(resolve(images, name));

  TarFile tar(output);
  tar.add_bytes("oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  std::set<std::string> written;
  auto add_blob = [&](const Descriptor& blob) {
    if (!written.insert(blob.digest).second) return;
    // Read verified for the small documents; layers were verified when stored
    // and are checked again by whoever loads the archive.
    if (blob.size < (1 << 20))
      tar.add_bytes(blob_name(blob.digest), images.content().read_verified(blob));
    else
      tar.add_file(blob_name(blob.digest), images.content().path_of(blob.digest));
  };

  ImageIndex index{media_type::kOciIndex, {}};
  json docker_manifest = json::array();
  for (const auto& [image, names] : saved) {
    auto manifest = parse_manifest(images.content().read_verified(image.manifest));
    add_blob(image.manifest);
    add_blob(manifest.config);
    json layers = json::array();
    for (const auto& layer : manifest.layers) {
      add_blob(layer);
      layers.push_back(blob_name(layer.digest));
    }
    json tags = json::array();
    for (const auto& name : names) {
      std::map<std::string, std::string> annotations{
          {"io.containerd.image.name", name.canonical()}};
      if (!name.tag.empty()) annotations["org.opencontainers.image.ref.name"] = name.tag;
      index.manifests.push_back(
          {image.manifest, {image.config.os, image.config.architecture, ""}, annotations});
      if (!name.tag.empty()) tags.push_back(name.familiar());
    }
    if (names.empty())
      index.manifests.push_back(
          {image.manifest, {image.config.os, image.config.architecture, ""}, {}});
    docker_manifest.push_back(
        {{"Config", blob_name(manifest.config.digest)}, {"RepoTags", tags}, {"Layers", layers}});
  }
  tar.add_bytes("index.json", serialize_image_index(index));
  tar.add_bytes("manifest.json", docker_manifest.dump());
  tar.finish();
}

}  // namespace berth::storage
