#include "cli/image_presentation.h"

namespace berth::cli {

RepositoryTag split_name(const std::string& canonical_name) {
  auto ref = storage::parse_image_reference(canonical_name);
  std::string tag = ref.tag;
  ref.tag.clear();
  ref.digest.clear();
  return {ref.familiar(), tag};
}

nlohmann::json image_inspect_json(const storage::Image& image) {
  const auto& d = image.config.defaults;
  nlohmann::json repo_tags = nlohmann::json::array();
  for (const auto& name : image.names) {
    auto parts = split_name(name);
    repo_tags.push_back(parts.repository + ":" + parts.tag);
  }
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& layer : image.layers) layers.push_back(layer.diff_id);
  nlohmann::json exposed = nlohmann::json::object(), volumes = nlohmann::json::object();
  for (const auto& port : d.exposed_ports) exposed[port] = nlohmann::json::object();
  for (const auto& volume : d.volumes) volumes[volume] = nlohmann::json::object();
  return {
      {"Id", image.id},
      {"RepoTags", repo_tags},
      {"Manifest", {{"Digest", image.manifest.digest}, {"MediaType", image.manifest.media_type}}},
      {"Created", image.config.created},
      {"Architecture", image.config.architecture},
      {"Os", image.config.os},
      {"Size", image.size()},
      {"Config",
       {{"Entrypoint",
         d.entrypoint.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.entrypoint)},
        {"Cmd", d.cmd.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.cmd)},
        {"Env", d.env},
        {"WorkingDir", d.working_dir},
        {"User", d.user},
        {"ExposedPorts", exposed},
        {"Volumes", volumes},
        {"Labels", d.labels},
        {"StopSignal", d.stop_signal}}},
      {"RootFS", {{"Type", "layers"}, {"Layers", layers}}}};
}

}  // namespace berth::cli
