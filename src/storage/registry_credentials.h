#pragma once

#include <optional>
#include <string>

namespace berth::storage {

struct RegistryCredentials {
  std::string username;
  std::string password;
};

// Credentials for a registry the way docker finds them: $DOCKER_CONFIG/config.json
// (default ~/.docker/config.json), first `credHelpers[registry]`, then
// `credsStore`, both through the docker-credential-<name> helper protocol,
// then a basic `auths[registry].auth`. docker.io is keyed as docker keys it
// (https://index.docker.io/v1/). None found: anonymous.
std::optional<RegistryCredentials> find_registry_credentials(const std::string& registry);

}  // namespace berth::storage
