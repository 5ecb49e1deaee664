#include "engine/container_userns.h"

#include <fstream>
#include <sstream>

#include "engine/subordinate_ids.h"
#include "util/error.h"

namespace berth::engine {

namespace {
std::uint32_t allocate_from(const std::filesystem::path& file, const std::string& user,
                            std::vector<IdRange> taken, std::uint32_t size) {
  std::ifstream in(file);
  if (!in)
    throw Error("userns_mode: auto needs subordinate ids of user '" + user + "'", file.string(),
                errno);
  std::stringstream text;
  text << in.rdbuf();
  auto granted = granted_ranges(text.str(), user);
  if (granted.empty())
    throw Error("userns_mode: auto needs subordinate ids of user '" + user + "' (a line \"" + user +
                    ":<first id>:<count>\")",
                file.string());
  auto start = first_free_ids(granted, std::move(taken), size);
  if (!start)
    throw Error("no " + std::to_string(size) + " free subordinate ids of user '" + user +
                    "' left for userns_mode: auto",
                file.string());
  return *start;
}
}  // namespace

IdMapping allocate_id_mapping(const BerthConfig& config,
                              const std::vector<ContainerRecord>& existing, std::uint32_t size) {
  std::vector<IdRange> uids, gids;
  for (const auto& container : existing) {
    if (!container.userns) continue;
    uids.push_back({container.userns->host_uid, container.userns->size});
    gids.push_back({container.userns->host_gid, container.userns->size});
  }
  IdMapping mapping;
  mapping.size = size;
  mapping.host_uid = allocate_from(config.subuid_file, config.auto_userns_user, uids, size);
  mapping.host_gid = allocate_from(config.subgid_file, config.auto_userns_user, gids, size);
  return mapping;
}

}  // namespace berth::engine
