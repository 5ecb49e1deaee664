#pragma once

#include <cstdint>
#include <filesystem>

#include "util/namespace_fd.h"
#include "util/unique_fd.h"

namespace berth {

// Ids 0..size-1 inside a user namespace are host_uid.. and host_gid.. outside.
struct IdMapping {
  std::uint32_t host_uid = 0;
  std::uint32_t host_gid = 0;
  std::uint32_t size = 0;

  bool operator==(const IdMapping&) const = default;
};

// A new user namespace with `mapping`, held by its fd: the process that made it
// exits at once, and whoever joins the namespace later keeps it alive.
NamespaceFd create_user_namespace(const IdMapping& mapping);

// A detached copy of the mount at `path` (open_tree) through which the files'
// owners appear shifted into `user_namespace`: host id 0 reads as its root.
UniqueFd idmapped_tree(const std::filesystem::path& path, const NamespaceFd& user_namespace);

}  // namespace berth
