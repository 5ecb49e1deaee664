#pragma once

#include <string>

#include "engine/container_store.h"
#include "engine/engine_context.h"

namespace berth::engine {

struct CopyOptions {
  bool archive = false;      // keep owners; else the destination's user owns the copy
  bool follow_link = false;  // copy what a source symlink points to, under the link's name
};

// `berth cp` between the host and a container, running or stopped, by docker's rules.
// Container paths resolve in the container's own view (root, volumes, binds), so its
// symlinks and ".." never lead to host files. "-" is a tar stream on stdout / stdin.
// Copies to the host leave out device nodes and setuid/setgid bits.
void copy_from_container(EngineContext& context, const ContainerRecord& container,
                         const std::string& source, const std::string& destination,
                         const CopyOptions& options);
void copy_to_container(EngineContext& context, const ContainerRecord& container,
                       const std::string& source, const std::string& destination,
                       const CopyOptions& options);

}  // namespace berth::engine
