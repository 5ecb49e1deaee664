#include "engine/compose_labels.h"

#include "berth_version.h"

namespace berth::engine {

std::string container_name(const std::string& project, const std::string& service, int number) {
  return project + "-" + service + "-" + std::to_string(number);
}

std::string oneoff_container_name(const std::string& project, const std::string& service,
                                  const std::string& slug) {
  return project + "-" + service + "-run-" + slug;
}

std::string scoped_name(const std::string& project, const std::string& key) {
  return project + "_" + key;
}

std::string config_files_text(const std::vector<std::string>& files) {
  std::string text;
  for (const auto& file : files) text += (text.empty() ? "" : ",") + file;
  return text;
}

std::map<std::string, std::string> compose_labels(const ContainerIdentity& identity) {
  return {
      {"com.docker.compose.project", identity.project},
      {"com.docker.compose.service", identity.service},
      {"com.docker.compose.container-number", std::to_string(identity.number)},
      {"com.docker.compose.oneoff", identity.oneoff ? "True" : "False"},
      {"com.docker.compose.config-hash", identity.config_hash},
      {"com.docker.compose.project.working_dir", identity.working_dir},
      {"com.docker.compose.project.config_files", identity.config_files},
      {"com.docker.compose.version", kVersion},
  };
}

}  // namespace berth::engine
