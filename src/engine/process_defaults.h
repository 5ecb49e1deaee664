#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::engine {

// The argv a container runs, combined from the image and the service exactly as
// docker does: a service entrypoint replaces the image's and drops the image's
// Cmd; a service command replaces only the Cmd.
std::vector<std::string> container_argv(
    const std::vector<std::string>& image_entrypoint, const std::vector<std::string>& image_cmd,
    const std::optional<std::vector<std::string>>& service_entrypoint,
    const std::optional<std::vector<std::string>>& service_command);

// The environment, later layers winning: the image's, then env_file entries,
// then `environment`. A value of nullopt (`- VAR` with no value anywhere) sets
// nothing, so a lower layer's value stays (docker merges the image's env the same
// way). Keeps the image's order, then new names in order of appearance.
std::vector<std::string> container_env(
    const std::vector<std::string>& image_env,
    const std::vector<std::map<std::string, std::string>>& env_files,
    const std::map<std::string, std::optional<std::string>>& environment);

}  // namespace berth::engine
