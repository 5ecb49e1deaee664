#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "storage/descriptor.h"
#include "storage/sha256.h"

namespace berth::testing {

// Writes an OCI image layout directory blob by blob, so tests can make
// multi-layer, multi-platform and compressed images for skopeo to push.
class OciLayoutBuilder {
 public:
  explicit OciLayoutBuilder(const std::filesystem::path& dir) : dir_(dir) {
    std::filesystem::create_directories(dir_ / "blobs" / "sha256");
    write(dir_ / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  }

  storage::Descriptor blob(const std::string& bytes, const std::string& media_type) {
    auto digest = storage::sha256_digest(bytes);
    write(dir_ / "blobs" / "sha256" / digest.substr(7), bytes);
    return {media_type, digest, static_cast<std::int64_t>(bytes.size())};
  }

  // layers: (blob file, uncompressed tar file) pairs, bottom first.
  storage::Descriptor image(
      const std::vector<std::pair<std::filesystem::path, std::filesystem::path>>& layers,
      const std::string& architecture, const std::vector<std::string>& cmd) {
    nlohmann::json diff_ids = nlohmann::json::array();
    nlohmann::json layer_descriptors = nlohmann::json::array();
    for (const auto& [blob_file, tar_file] : layers) {
      diff_ids.push_back(storage::sha256_of_file(tar_file));
      auto bytes = read(blob_file);
      std::string type = storage::media_type::kOciLayer;
      if (bytes.starts_with("\x1f\x8b")) type = storage::media_type::kOciLayerGzip;
      if (bytes.starts_with("\x28\xb5\x2f\xfd")) type = storage::media_type::kOciLayerZstd;
      layer_descriptors.push_back(as_json(blob(bytes, type)));
    }
    nlohmann::json config = {{"architecture", architecture},
                             {"os", "linux"},
                             {"config", {{"Cmd", cmd}}},
                             {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}};
    auto config_descriptor = blob(config.dump(), storage::media_type::kOciConfig);
    nlohmann::json manifest = {{"schemaVersion", 2},
                               {"mediaType", storage::media_type::kOciManifest},
                               {"config", as_json(config_descriptor)},
                               {"layers", layer_descriptors}};
    return blob(manifest.dump(), storage::media_type::kOciManifest);
  }

  storage::Descriptor index(
      const std::vector<std::pair<storage::Descriptor, std::string>>& entries) {
    nlohmann::json manifests = nlohmann::json::array();
    for (const auto& [descriptor, architecture] : entries) {
      auto entry = as_json(descriptor);
      entry["platform"] = {{"os", "linux"}, {"architecture", architecture}};
      manifests.push_back(entry);
    }
    nlohmann::json index = {{"schemaVersion", 2},
                            {"mediaType", storage::media_type::kOciIndex},
                            {"manifests", manifests}};
    return blob(index.dump(), storage::media_type::kOciIndex);
  }

  // index.json naming the top descriptor with a tag (skopeo's oci:DIR:TAG).
  void tag(const storage::Descriptor& top, const std::string& tag) {
    auto entry = as_json(top);
    entry["annotations"] = {{"org.opencontainers.image.ref.name", tag}};
    write(
        dir_ / "index.json",
        nlohmann::json{{"schemaVersion", 2}, {"manifests", nlohmann::json::array({entry})}}.dump());
  }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

 private:
  static nlohmann::json as_json(const storage::Descriptor& d) {
    return {{"mediaType", d.media_type}, {"digest", d.digest}, {"size", d.size}};
  }
  static void write(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
  }

  std::filesystem::path dir_;
};

}  // namespace berth::testing
