#pragma once

#include <map>
#include <optional>
#include <string>

#include "runtime/container_spec.h"
#include "spec/model.h"

// Translations of single compose settings into the runtime's terms.
namespace berth::engine {

// "SIGTERM", "TERM", "15" → 15; throws Error naming the value otherwise.
int parse_signal(const std::string& text);

// "no", "always", "on-failure[:N]", "unless-stopped" (empty: no).
runtime::RestartPolicy parse_restart_policy(const std::string& text);

// Docker's defaults for whatever the service leaves out; nullopt for NONE/disable
// or when the service has none.
std::optional<runtime::HealthcheckSpec> healthcheck_of(const spec::Service& service);

// mem_limit/cpus/pids_limit, else the deploy.resources limits.
runtime::Resources resources_of(const spec::Service& service);

// How many ids a `userns_mode: auto` container gets (podman's syntax: "auto",
// 65536, or "auto:size=N"); none for "host" or no userns_mode. Throws naming the
// service for any other mode.
std::optional<std::uint32_t> auto_userns_size(const spec::Service& service);

// Fails, naming the service, for settings berth cannot honour (a userns_mode
// other than host and auto) rather than ignore them.
void require_supported(const spec::Service& service);

// The networks a container joins, by project key: those listed, else `default`;
// none for the network modes none, host, service: and container:.
std::map<std::string, spec::ServiceNetwork> networks_of(const spec::Service& service);

}  // namespace berth::engine
