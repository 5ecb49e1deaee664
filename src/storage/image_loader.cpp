#include "storage/image_loader.h"

#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>

#include "storage/archive_handle.h"
#include "storage/content_additions.h"
#include "storage/layer_media_type.h"
#include "storage/libarchive_api.h"
#include "util/error.h"

namespace berth::storage {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr std::int64_t kMaxMetadataSize = 64 << 20;
const char* const kContainerdName = "io.containerd.image.name";
const char* const kOciRefName = "org.opencontainers.image.ref.name";

// Fills buffer, returns the bytes read; 0 at the end.
using ReadChunk = std::function<std::size_t(char* buffer, std::size_t capacity)>;

// The archive's files by name: the two index documents in memory, every other
// file streamed into the content store as it is read.
class ArchiveContents {
 public:
  explicit ArchiveContents(ContentAdditions& additions, ContentStore& content)
      : additions_(additions), content_(content) {}

  void add_file(const std::string& raw_name, std::int64_t size, const ReadChunk& read) {
    auto name = clean(raw_name);
    static const std::regex blob_name("(?:.*/)?blobs/sha256/([a-f0-9]{64})");
    static const std::regex config_name("([a-f0-9]{64})\\.json");
    std::smatch match;
    if (name == "manifest.json" || name == "index.json") {
      if (size > kMaxMetadataSize) throw Error("archive metadata file too large", name);
      std::string text;
      char buffer[1 << 16];
      while (auto n = read(buffer, sizeof buffer)) text.append(buffer, n);
      documents_[name] = std::move(text);
    } else if (name == "oci-layout" || name == "repositories" || name.ends_with("/json") ||
               name.ends_with("/VERSION")) {
      // layout marker and docker's legacy metadata: nothing berth needs
    } else {
      Descriptor expected;
      if (std::regex_match(name, match, blob_name) || std::regex_match(name, match, config_name))
        expected.digest = "sha256:" + match[1].str();
      auto writer = content_.writer();
      char buffer[1 << 16];
      while (auto n = read(buffer, sizeof buffer)) writer.write(buffer, n);
      try {
        blobs_[name] = additions_.commit(writer, expected);
      } catch (const Error& e) {
        throw e.with_context("archive entry " + name);
      }
    }
  }

  // docker save writes a repeated layer once and links the other names to it.
  void add_link(const std::string& raw_name, const std::string& target) {
    auto name = clean(raw_name);
    links_[name] = clean((fs::path(name).parent_path() / target).string());
  }

  const std::string* document(const std::string& name) const {
    auto it = documents_.find(name);
    return it == documents_.end() ? nullptr : &it->second;
  }

  Descriptor blob(const std::string& raw_name) const {
    auto name = clean(raw_name);
    for (int hops = 0; hops < 8 && links_.contains(name); ++hops) name = links_.at(name);
    auto it = blobs_.find(name);
    if (it == blobs_.end()) throw Error("file named in the archive manifest is missing", raw_name);
    return it->second;
  }

 private:
  static std::string clean(const std::string& name) {
    auto normal = fs::path(name).lexically_normal().relative_path().string();
    while (normal.starts_with("./")) normal.erase(0, 2);
    return normal;
  }

  ContentAdditions& additions_;
  ContentStore& content_;
  std::map<std::string, std::string> documents_;
  std::map<std::string, Descriptor> blobs_;
  std::map<std::string, std::string> links_;
};

void read_tar(const fs::path& source, ArchiveContents& contents) {
  ArchiveReader reader(libarchive().archive_read_new());
  libarchive().archive_read_support_filter_all(reader.get());
  libarchive().archive_read_support_format_tar(reader.get());
  libarchive().archive_read_support_format_gnutar(reader.get());
  if (libarchive().archive_read_open_filename(reader.get(), source.c_str(), 1 << 16) != ARCHIVE_OK)
    throw Error(
        std::string("opening image archive: ") + libarchive().archive_error_string(reader.get()),
        source.string());
  archive_entry* entry = nullptr;
  while (true) {
    int status = libarchive().archive_read_next_header(reader.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
      throw Error(
          std::string("reading image archive: ") + libarchive().archive_error_string(reader.get()),
          source.string());
    std::string name = libarchive().archive_entry_pathname(entry);
    auto type = libarchive().archive_entry_filetype(entry);
    if (type == AE_IFLNK) {
      contents.add_link(name, libarchive().archive_entry_symlink(entry));
    } else if (libarchive().archive_entry_hardlink(entry)) {
      contents.add_link(name, "/" + std::string(libarchive().archive_entry_hardlink(entry)));
    } else if (type == AE_IFREG) {
      contents.add_file(
          name, libarchive().archive_entry_size(entry), [&](char* buffer, std::size_t capacity) {
            la_ssize_t n = libarchive().archive_read_data(reader.get(), buffer, capacity);
            if (n < 0)
              throw Error(std::string("reading image archive: ") +
                              libarchive().archive_error_string(reader.get()),
                          name);
            return static_cast<std::size_t>(n);
          });
    }
  }
}

void read_layout_dir(const fs::path& source, ArchiveContents& contents) {
  for (const auto& entry : fs::recursive_directory_iterator(source)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) throw Error("opening", entry.path().string());
    auto name = entry.path().lexically_relative(source).string();
    contents.add_file(name, static_cast<std::int64_t>(entry.file_size()),
                      [&](char* buffer, std::size_t capacity) {
                        in.read(buffer, static_cast<std::streamsize>(capacity));
                        if (in.bad()) throw Error("reading", entry.path().string());
                        return static_cast<std::size_t>(in.gcount());
                      });
  }
}

// A docker-archive names images by RepoTags; an OCI index by annotations:
// containerd's full name, else a ref.name that is a whole reference rather
// than a bare tag (a bare tag names no repository, so the image stays unnamed).
std::vector<ImageReference> names_from_annotations(const std::map<std::string, std::string>& a) {
  if (auto it = a.find(kContainerdName); it != a.end()) return {parse_image_reference(it->second)};
  if (auto it = a.find(kOciRefName);
      it != a.end() && it->second.find_first_of("/:@") != std::string::npos)
    return {parse_image_reference(it->second)};
  return {};
}

// What to add to the image store once every blob has been read.
struct PlannedImage {
  Descriptor manifest;
  std::vector<ImageReference> names;
};

std::vector<PlannedImage> plan_oci(ImageStore& images, const std::string& index_json,
                                   const Platform& platform) {
  std::vector<PlannedImage> planned;
  for (const auto& entry : parse_image_index(index_json).manifests) {
    Descriptor manifest = entry.manifest;
    auto bytes = images.content().read_verified(manifest);
    if (is_index(manifest.media_type, bytes)) {
      manifest = select_platform(parse_image_index(bytes), platform).manifest;
      images.content().read_verified(manifest);
    }
    planned.push_back({manifest, names_from_annotations(entry.annotations)});
  }
  return planned;
}

std::vector<PlannedImage> plan_docker(ImageStore& images, ContentAdditions& additions,
                                      const ArchiveContents& contents,
                                      const std::string& manifest_json) {
  json items;
  try {
    items = json::parse(manifest_json);
  } catch (const json::exception& e) {
    throw Error("invalid manifest.json in docker archive: " + std::string(e.what()));
  }
  if (!items.is_array()) throw Error("manifest.json in docker archive is not a list");
  std::vector<PlannedImage> planned;
  for (const auto& item : items) {
    Manifest manifest;
    manifest.media_type = media_type::kOciManifest;
    manifest.config = contents.blob(item.at("Config").get<std::string>());
    manifest.config.media_type = media_type::kOciConfig;
    for (const auto& layer_name : item.at("Layers")) {
      auto layer = contents.blob(layer_name.get<std::string>());
      layer.media_type = layer_media_type(images.content().path_of(layer.digest));
      manifest.layers.push_back(layer);
    }
    std::vector<ImageReference> names;
    if (item.contains("RepoTags") && item["RepoTags"].is_array())
      for (const auto& tag : item["RepoTags"])
        names.push_back(parse_image_reference(tag.get<std::string>()));
    planned.push_back(
        {additions.put(serialize_manifest(manifest), media_type::kOciManifest), std::move(names)});
  }
  return planned;
}

// Adds the images; if one fails, those this load created are removed again.
std::vector<Image> add_all(ImageStore& images, const std::vector<PlannedImage>& planned) {
  std::vector<Image> loaded;
  std::vector<std::string> created;
  try {
    for (const auto& plan : planned) {
      auto id = parse_manifest(images.content().read_verified(plan.manifest)).config.digest;
      bool existed = images.find(id).has_value();
      loaded.push_back(images.add(plan.manifest, plan.names));
      if (!existed) created.push_back(id);
    }
  } catch (const Error&) {
    for (const auto& id : created) images.remove(id, true);
    throw;
  }
  return loaded;
}
}  // namespace

std::vector<Image> load_images(ImageStore& images, const fs::path& source,
                               const Platform& platform) {
  ContentAdditions additions(images.content());
  ArchiveContents contents(additions, images.content());
  if (fs::is_directory(source))
    read_layout_dir(source, contents);
  else
    read_tar(source, contents);

  std::vector<Image> loaded;
  try {
    std::vector<PlannedImage> planned;
    if (const auto* index = contents.document("index.json"))
      planned = plan_oci(images, *index, platform);
    else if (const auto* manifest = contents.document("manifest.json"))
      planned = plan_docker(images, additions, contents, *manifest);
    else
      throw Error("not an image archive (no index.json or manifest.json)");
    loaded = add_all(images, planned);
  } catch (const Error& e) {
    throw e.with_context("loading " + source.string());
  }

  std::set<std::string> used;
  for (const auto& image : loaded) {
    used.insert(image.manifest.digest);
    used.insert(image.id);
    for (const auto& layer : image.layers) used.insert(layer.blob.digest);
  }
  additions.keep_only(used);
  return loaded;
}

}  // namespace berth::storage
