#pragma once

#include <set>
#include <string>

#include "engine/engine_context.h"
#include "runtime/container_spec.h"
#include "spec/model.h"

namespace berth::engine {

// The container a network_mode, pid or ipc value shares with: service:NAME is
// that service's first container, container:NAME that container; empty when
// the value names none.
std::string shared_container(const spec::Project& project, const std::string& mode);

// Every container whose namespaces a service's containers enter.
std::set<std::string> containers_shared_with(const spec::Project& project,
                                             const spec::Service& service);

// A service's pid and ipc settings in the runtime's terms.
struct SharedNamespaces {
  runtime::NamespaceShare pid, ipc;
  std::string shm_source;  // the /dev/shm bound in when the ipc is the host's or another's
  bool shareable = false;  // ipc: shareable, so its /dev/shm is kept on the host
};

// An ipc target must be shareable (or on the host's ipc), as docker requires:
// fails naming it otherwise, or when it does not exist. Reads the state: hold
// the state mutex.
SharedNamespaces shared_namespaces_of(EngineContext& context, const spec::Project& project,
                                      const spec::Service& service);

}  // namespace berth::engine
