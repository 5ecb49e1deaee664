#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "spec/model.h"

namespace berth::engine {

// What `berth run` changes of a service for its one-off container.
struct OneoffOverrides {
  std::vector<std::string> command;       // empty: the service's
  std::optional<std::string> entrypoint;  // shell words
  std::vector<std::string> environment;   // KEY=VALUE, or KEY taken from the shell
  std::optional<std::string> user;
  std::optional<std::string> working_dir;
  std::map<std::string, std::string> labels;
  std::vector<std::string> volumes;  // short syntax
  std::vector<std::string> publish;  // short syntax
  bool service_ports = false;        // keep the service's own ports
  std::string name;                  // the container's name
  bool tty = false;
  bool stdin_open = false;
  std::vector<std::string> cap_add, cap_drop;  // on top of the service's
};

// The service as `run` creates it, like docker compose: the given command (an
// entrypoint alone drops the service's command), environment entries on top of
// the service's (`KEY` alone comes from the shell, and is left out when unset
// there), no restart policy, one replica, and no published ports unless
// --service-ports or -p. Bad -v/-p/--entrypoint text fails naming it.
spec::Service oneoff_service(const spec::Project& project, const spec::Service& service,
                             const OneoffOverrides& overrides);

}  // namespace berth::engine
