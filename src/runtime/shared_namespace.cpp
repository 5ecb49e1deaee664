#include "runtime/shared_namespace.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>

#include <filesystem>

#include "runtime/container_state.h"
#include "runtime/supervisor.h"
#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::runtime {

std::string shared_namespace_path(const NamespaceShare& share, const std::string& type) {
  auto state_file = ContainerFiles{share.container_dir}.state();
  auto state = std::filesystem::exists(state_file) ? read_state(state_file) : ContainerState{};
  bool runs = state.status == "running" || state.status == "paused";
  if (!runs || state.pid <= 0 || ::kill(state.pid, 0) != 0)
    throw Error("cannot share the " + type + " namespace of a container that is not running",
                std::filesystem::path(share.container_dir).filename().string());
  return "/proc/" + std::to_string(state.pid) + "/ns/" + type;
}

void enter_namespace(const std::string& path, int type) {
  UniqueFd namespace_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!namespace_fd) throw_errno("cannot open namespace", path);
  if (::setns(namespace_fd.get(), type) != 0) throw_errno("cannot enter namespace", path);
}

}  // namespace berth::runtime
