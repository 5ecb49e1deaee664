#include "storage/manifest.h"

#include <nlohmann/json.hpp>

#include "storage/image_reference.h"
#include "util/error.h"

namespace berth::storage {

using nlohmann::json;

namespace {
Descriptor parse_descriptor(const json& j) {
  Descriptor d{j.value("mediaType", ""), j.at("digest").get<std::string>(),
               j.at("size").get<std::int64_t>()};
  if (!is_sha256_digest(d.digest)) throw Error("unsupported digest in manifest", d.digest);
  if (d.size < 0) throw Error("negative size in manifest", d.digest);
  return d;
}

json serialize_descriptor(const Descriptor& d) {
  return {{"mediaType", d.media_type}, {"digest", d.digest}, {"size", d.size}};
}
}  // namespace

Manifest parse_manifest(std::string_view text) {
  try {
    json j = json::parse(text);
    if (j.value("schemaVersion", 0) != 2) throw Error("unsupported manifest schemaVersion");
    Manifest m;
    m.media_type = j.value("mediaType", media_type::kOciManifest);
    m.config = parse_descriptor(j.at("config"));
    for (const auto& layer : j.at("layers")) m.layers.push_back(parse_descriptor(layer));
    return m;
  } catch (const json::exception& e) {
    throw Error("invalid image manifest: " + std::string(e.what()));
  }
}

std::string serialize_manifest(const Manifest& m) {
  json layers = json::array();
  for (const auto& layer : m.layers) layers.push_back(serialize_descriptor(layer));
  return json{{"schemaVersion", 2},
              {"mediaType", m.media_type},
              {"config", serialize_descriptor(m.config)},
              {"layers", layers}}
      .dump();
}

}  // namespace berth::storage
