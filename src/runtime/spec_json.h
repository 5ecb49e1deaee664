#pragma once

#include <nlohmann/json.hpp>

#include "runtime/container_spec.h"

namespace berth::runtime {

// The spec as the caller hands it to the supervisor (a JSON file in the container's
// run directory), so a restarted process is built from exactly the same description.
void to_json(nlohmann::json& json, const ContainerSpec& spec);
void from_json(const nlohmann::json& json, ContainerSpec& spec);

void write_spec_file(const std::string& path, const ContainerSpec& spec);
ContainerSpec read_spec_file(const std::string& path);

}  // namespace berth::runtime
