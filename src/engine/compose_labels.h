#pragma once

#include <map>
#include <string>
#include <vector>

namespace berth::engine {

// Names and labels exactly as docker compose gives them, so tools that read
// compose labels (and users' habits) work with berth's objects.
std::string container_name(const std::string& project, const std::string& service, int number);
std::string oneoff_container_name(const std::string& project, const std::string& service,
                                  const std::string& slug);
std::string scoped_name(const std::string& project, const std::string& key);  // <project>_<key>
// The compose files, comma-separated, as compose records them.
std::string config_files_text(const std::vector<std::string>& files);

// A one-off container's random id, as compose labels it.
inline constexpr const char* kSlugLabel = "com.docker.compose.slug";

struct ContainerIdentity {
  std::string project;
  std::string service;
  int number = 1;
  bool oneoff = false;
  std::string config_hash;
  std::string working_dir;
  std::string config_files;  // comma-separated, as compose records them
};

std::map<std::string, std::string> compose_labels(const ContainerIdentity& identity);

}  // namespace berth::engine
