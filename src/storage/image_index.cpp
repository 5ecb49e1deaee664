#include "storage/image_index.h"

#include <sys/utsname.h>

#include <nlohmann/json.hpp>

#include "storage/image_reference.h"
#include "util/error.h"

namespace berth::storage {

using nlohmann::json;

namespace {
// uname's machine names to the GOARCH names images use.
Platform platform_of_machine(std::string_view machine) {
  if (machine == "x86_64") return {"linux", "amd64", ""};
  if (machine == "aarch64" || machine == "arm64") return {"linux", "arm64", "v8"};
  if (machine.starts_with("armv7")) return {"linux", "arm", "v7"};
  if (machine.starts_with("armv6")) return {"linux", "arm", "v6"};
  if (machine == "i686" || machine == "i386") return {"linux", "386", ""};
  return {"linux", std::string(machine), ""};
}
}  // namespace

Platform Platform::host() {
  utsname name{};
  if (::uname(&name) != 0) throw_errno("reading the machine type (uname)");
  return platform_of_machine(name.machine);
}

std::string Platform::text() const {
  return os + "/" + architecture + (variant.empty() ? "" : "/" + variant);
}

bool Platform::matches(const Platform& wanted) const {
  if (os != wanted.os || architecture != wanted.architecture) return false;
  // arm64 images usually name no variant; v8 is what an arm64 host runs.
  if (variant.empty() || wanted.variant.empty()) return true;
  return variant == wanted.variant;
}

Platform parse_platform(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto slash = text.find('/', start);
    parts.emplace_back(text.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  bool empty_part = false;
  for (const auto& part : parts) empty_part = empty_part || part.empty();
  if (parts.size() < 2 || parts.size() > 3 || empty_part)
    throw Error("platform must be os/arch[/variant]", std::string(text));
  return {parts[0], parts[1], parts.size() == 3 ? parts[2] : ""};
}

ImageIndex parse_image_index(std::string_view text) {
  try {
    json j = json::parse(text);
    if (j.value("schemaVersion", 0) != 2) throw Error("unsupported image index schemaVersion");
    ImageIndex index;
    index.media_type = j.value("mediaType", media_type::kOciIndex);
    for (const auto& m : j.at("manifests")) {
      IndexEntry entry;
      entry.manifest = {m.value("mediaType", ""), m.at("digest").get<std::string>(),
                        m.at("size").get<std::int64_t>()};
      if (!is_sha256_digest(entry.manifest.digest))
        throw Error("unsupported digest in image index", entry.manifest.digest);
      if (m.contains("platform")) {
        const auto& p = m["platform"];
        entry.platform = {p.value("os", ""), p.value("architecture", ""), p.value("variant", "")};
      } else {
        entry.platform.os.clear();
      }
      if (m.contains("annotations"))
        entry.annotations = m["annotations"].get<std::map<std::string, std::string>>();
      index.manifests.push_back(std::move(entry));
    }
    return index;
  } catch (const json::exception& e) {
    throw Error("invalid image index: " + std::string(e.what()));
  }
}

std::string serialize_image_index(const ImageIndex& index) {
  json manifests = json::array();
  for (const auto& entry : index.manifests) {
    json m = {{"mediaType", entry.manifest.media_type},
              {"digest", entry.manifest.digest},
              {"size", entry.manifest.size}};
    if (!entry.platform.architecture.empty()) {
      m["platform"] = {{"os", entry.platform.os}, {"architecture", entry.platform.architecture}};
      if (!entry.platform.variant.empty()) m["platform"]["variant"] = entry.platform.variant;
    }
    if (!entry.annotations.empty()) m["annotations"] = entry.annotations;
    manifests.push_back(std::move(m));
  }
  return json{{"schemaVersion", 2}, {"mediaType", index.media_type}, {"manifests", manifests}}
      .dump();
}

bool is_index(std::string_view type, std::string_view text) {
  if (type == media_type::kOciIndex || type == media_type::kDockerManifestList) return true;
  if (!type.empty() && type != "application/json") return false;
  json j = json::parse(text, nullptr, false);
  return j.is_object() && j.contains("manifests") && !j.contains("layers");
}

const IndexEntry& select_platform(const ImageIndex& index, const Platform& wanted) {
  std::string offered;
  for (const auto& entry : index.manifests) {
    // Attestation manifests (buildkit) carry platform unknown/unknown.
    if (entry.platform.architecture.empty() || entry.platform.os == "unknown") continue;
    if (entry.platform.matches(wanted)) return entry;
    offered += (offered.empty() ? "" : ", ") + entry.platform.text();
  }
  throw Error(
      "no image for platform " + wanted.text() +
      (offered.empty() ? " (the index names no platforms)" : " (offered: " + offered + ")"));
}

}  // namespace berth::storage
