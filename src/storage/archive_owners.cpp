#include "storage/archive_owners.h"

#include "util/error.h"

namespace berth::storage {

namespace {

constexpr std::uint32_t kOverflowId = 65534;  // the kernel's overflowuid/overflowgid

std::uint32_t into(std::uint32_t id, std::uint32_t host_base, std::uint32_t size,
                   const std::string& entry, const char* what) {
  if (id >= size)
    throw Error(std::string(what) + " " + std::to_string(id) +
                    " has no id in the container's user namespace (it maps " +
                    std::to_string(size) + " ids)",
                entry);
  return host_base + id;
}

std::uint32_t out_of(std::uint32_t id, std::uint32_t host_base, std::uint32_t size) {
  return id >= host_base && id - host_base < size ? id - host_base : kOverflowId;
}

}  // namespace

ArchiveOwners ArchiveOwners::all(ArchiveOwner owner) {
  ArchiveOwners owners;
  owners.kind_ = Kind::all;
  owners.owner_ = owner;
  return owners;
}

ArchiveOwners ArchiveOwners::into_namespace(const IdMapping& mapping) {
  ArchiveOwners owners;
  owners.kind_ = Kind::into_namespace;
  owners.mapping_ = mapping;
  return owners;
}

ArchiveOwners ArchiveOwners::out_of_namespace(const IdMapping& mapping) {
  ArchiveOwners owners;
  owners.kind_ = Kind::out_of_namespace;
  owners.mapping_ = mapping;
  return owners;
}

ArchiveOwner ArchiveOwners::owner_of(const std::string& entry, ArchiveOwner archived) const {
  const auto& [host_uid, host_gid, size] = mapping_;
  switch (kind_) {
    case Kind::as_archived:
      return archived;
    case Kind::all:
      return owner_;
    case Kind::into_namespace:
      return {into(archived.uid, host_uid, size, entry, "owner"),
              into(archived.gid, host_gid, size, entry, "group")};
    case Kind::out_of_namespace:
      return {out_of(archived.uid, host_uid, size), out_of(archived.gid, host_gid, size)};
  }
  return archived;
}

}  // namespace berth::storage
