#include "runtime/shared_namespace.h"

#include <signal.h>

#include <filesystem>

#include "runtime/container_state.h"
#include "runtime/supervisor.h"
#include "util/error.h"

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

}  // namespace berth::runtime
