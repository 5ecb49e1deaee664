#pragma once

#include <filesystem>
#include <set>
#include <string>

#include "engine/engine_context.h"
#include "spec/model.h"

namespace berth::engine {

// Where a service's containers get their network (compose network_mode).
struct NetworkMode {
  enum class Kind {
    own,   // a namespace of its own, wired into the service's networks (none: lo only)
    host,  // the host's namespace, as it is
    join,  // another container's (service:NAME, container:NAME)
  } kind = Kind::own;
  std::string container;  // join: the container whose namespace is entered
};

// service:NAME joins the first container of that service in the project.
NetworkMode network_mode_of(const spec::Project& project, const spec::Service& service);

// What the plan compares to tell whether a container's network changed: the
// names of its networks; "host"; or, for a join, "container:<name>#<namespace
// inode>", so that a container whose target was recreated since (a new
// namespace) is recreated too. Reads the state: hold the state mutex.
std::set<std::string> network_attachments(EngineContext& context, const spec::Project& project,
                                          const spec::Service& service);

// The namespace a joining container enters and what it shares with its target.
struct JoinedNetwork {
  std::string netns_path;
  std::string attachment;         // as network_attachments gives it
  std::filesystem::path etc_dir;  // the target's hosts, hostname and resolv.conf
  std::string hostname;           // the target's
};

// Fails, naming the target, when it has no container or namespace, or uses the
// host's network. Reads the state: hold the state mutex.
JoinedNetwork joined_network(EngineContext& context, const std::string& target);

}  // namespace berth::engine
