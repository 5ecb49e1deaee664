#include "storage/image_config.h"

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace berth::storage {

using nlohmann::json;

namespace {
std::vector<std::string> strings_or_empty(const json& object, const char* key) {
  if (!object.contains(key) || object[key].is_null()) return {};
  return object[key].get<std::vector<std::string>>();
}

std::vector<std::string> keys_of(const json& object, const char* key) {
  std::vector<std::string> keys;
  if (object.contains(key) && object[key].is_object())
    for (const auto& [name, _] : object[key].items()) keys.push_back(name);
  return keys;
}

json as_key_set(const std::vector<std::string>& keys) {
  json set = json::object();
  for (const auto& key : keys) set[key] = json::object();
  return set;
}

ContainerDefaults parse_defaults(const json& c) {
  ContainerDefaults d;
  d.entrypoint = strings_or_empty(c, "Entrypoint");
  d.cmd = strings_or_empty(c, "Cmd");
  d.env = strings_or_empty(c, "Env");
  d.working_dir = c.value("WorkingDir", "");
  d.user = c.value("User", "");
  d.exposed_ports = keys_of(c, "ExposedPorts");
  d.volumes = keys_of(c, "Volumes");
  if (c.contains("Labels") && c["Labels"].is_object())
    d.labels = c["Labels"].get<std::map<std::string, std::string>>();
  d.stop_signal = c.value("StopSignal", "");
  return d;
}

json serialize_defaults(const ContainerDefaults& d) {
  json c = json::object();
  if (!d.entrypoint.empty()) c["Entrypoint"] = d.entrypoint;
  if (!d.cmd.empty()) c["Cmd"] = d.cmd;
  if (!d.env.empty()) c["Env"] = d.env;
  if (!d.working_dir.empty()) c["WorkingDir"] = d.working_dir;
  if (!d.user.empty()) c["User"] = d.user;
  if (!d.exposed_ports.empty()) c["ExposedPorts"] = as_key_set(d.exposed_ports);
  if (!d.volumes.empty()) c["Volumes"] = as_key_set(d.volumes);
  if (!d.labels.empty()) c["Labels"] = d.labels;
  if (!d.stop_signal.empty()) c["StopSignal"] = d.stop_signal;
  return c;
}
}  // namespace

ImageConfig parse_image_config(std::string_view text) {
  try {
    json j = json::parse(text);
    ImageConfig config;
    config.architecture = j.value("architecture", "");
    config.os = j.value("os", "");
    config.created = j.value("created", "");
    if (j.contains("config") && j["config"].is_object())
      config.defaults = parse_defaults(j["config"]);
    config.diff_ids = j.at("rootfs").at("diff_ids").get<std::vector<std::string>>();
    return config;
  } catch (const json::exception& e) {
    throw Error("invalid image config: " + std::string(e.what()));
  }
}

std::string serialize_image_config(const ImageConfig& config) {
  json j = {{"architecture", config.architecture},
            {"os", config.os},
            {"config", serialize_defaults(config.defaults)},
            {"rootfs", {{"type", "layers"}, {"diff_ids", config.diff_ids}}}};
  if (!config.created.empty()) j["created"] = config.created;
  return j.dump();
}

}  // namespace berth::storage
