#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace berth::testing {

// The body of GET http://<address>:<port><path>, or nullopt when the connection
// fails or no complete answer arrives within ten seconds. Tests use it instead
// of a client binary so that a refused connection is a plain result.
std::optional<std::string> http_get(const std::string& address, uint16_t port,
                                    const std::string& path);

// Like http_get, but retries a refused connection for up to ten seconds: a
// container counts as running before its server has bound its port.
std::optional<std::string> http_get_when_listening(const std::string& address, uint16_t port,
                                                   const std::string& path);

}  // namespace berth::testing
