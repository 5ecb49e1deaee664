#pragma once

#include <string>

#include "spec/model.h"
#include "spec/reader.h"

namespace berth::spec {

// Converts one merged, interpolated service definition into the typed model,
// validating every key. `extends` must already be resolved.
Service parse_service(const std::string& name, const Node& node, ParseContext& context);

// Pieces with their own syntax, used by parse_service (service_fields.cpp).
std::optional<std::vector<std::string>> parse_command(const Node& node, const std::string& path);
BuildConfig parse_build(const Node& node, const std::string& path, ParseContext& context);
Healthcheck parse_healthcheck(const Node& node, const std::string& path, ParseContext& context);
std::map<std::string, ServiceNetwork> parse_service_networks(const Node& node,
                                                             const std::string& path,
                                                             ParseContext& context);
std::map<std::string, Dependency> parse_depends_on(const Node& node, const std::string& path,
                                                   ParseContext& context);
void parse_deploy(Service& service, const Node& node, const std::string& path,
                  ParseContext& context);
std::map<std::string, Ulimit> parse_ulimits(const Node& node, const std::string& path,
                                            ParseContext& context);
std::vector<FileReference> parse_file_references(const Node& node, const std::string& path,
                                                 ParseContext& context);
std::vector<EnvFile> parse_env_files(const Node& node, const std::string& path,
                                     ParseContext& context);
std::vector<DeviceMapping> parse_devices(const Node& node, const std::string& path);
std::vector<std::string> parse_extra_hosts(const Node& node, const std::string& path);
// `scale` and `deploy.replicas`: 0 to INT_MAX.
int read_replica_count(const Node& node, const std::string& path);

}  // namespace berth::spec
