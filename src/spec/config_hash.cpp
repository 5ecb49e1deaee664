
#include "spec/json_output.h"
#include "util/sha256.h"

namespace berth::spec {

nlohmann::json hashed_fields(const Service& service);  // json_output.cpp

namespace {

// The variables the container gets from env_file and environment: later files
// win, `environment` wins over files, and its unset (null) entries leave a
// file's value in place. Hashing this instead of the file paths makes the hash
// follow a file's content and ignore where the variables were written.
nlohmann::json effective_environment(const Service& service) {
  nlohmann::json environment = nlohmann::json::object();
  for (const auto& file : service.env_file)
    for (const auto& [name, value] : file.variables) environment[name] = value;
  for (const auto& [name, value] : service.environment)
    if (value)
      environment[name] = *value;
    else if (!environment.contains(name))
      environment[name] = nullptr;
  return environment;
}

}  // namespace

std::string config_hash(const Service& service) {
  nlohmann::json fields = hashed_fields(service);
  fields.erase("env_file");
  fields.erase("environment");
  if (nlohmann::json environment = effective_environment(service); !environment.empty())
    fields["environment"] = environment;
  // nlohmann::json keeps object keys sorted, so the dump is canonical.
  return sha256_hex(fields.dump());
}

std::string config_hash(const Network& network) {
  nlohmann::json fields = network_to_json(network);
  for (const char* ignored : {"name", "external", "labels", "attachable"}) fields.erase(ignored);
  fields["enable_ipv6"] = network.enable_ipv6.value_or(false);  // unset is false
  return sha256_hex(fields.dump());
}

}  // namespace berth::spec
