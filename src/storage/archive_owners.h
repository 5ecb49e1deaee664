#pragma once

#include <sys/types.h>

#include <string>

#include "util/user_namespace.h"

namespace berth::storage {

struct ArchiveOwner {
  uid_t uid = 0;
  gid_t gid = 0;
  bool operator==(const ArchiveOwner&) const = default;
};

// Who owns what an extraction makes: the archive's owners as they are, one owner
// for everything, or the archive's owners moved into or out of a user namespace
// (`cp -a` to or from a container with userns_mode: its id 0 is a host id).
class ArchiveOwners {
 public:
  static ArchiveOwners as_archived() { return {}; }
  static ArchiveOwners all(ArchiveOwner owner);
  // Ids 0..size-1 become the namespace's host ids; a larger one has none and
  // is an error naming the entry, as docker's cp says.
  static ArchiveOwners into_namespace(const IdMapping& mapping);
  // Host ids of the namespace become its own; any other shows as nobody
  // (65534), as it does inside the namespace.
  static ArchiveOwners out_of_namespace(const IdMapping& mapping);

  ArchiveOwner owner_of(const std::string& entry, ArchiveOwner archived) const;

 private:
  enum class Kind { as_archived, all, into_namespace, out_of_namespace };
  Kind kind_ = Kind::as_archived;
  ArchiveOwner owner_;
  IdMapping mapping_;
};

}  // namespace berth::storage
