#include "engine/host_info.h"

#include <sys/utsname.h>

#include "storage/overlay_probe.h"
#include "util/error.h"

namespace berth::engine {

namespace {
std::string kernel_release() {
  utsname name{};
  if (::uname(&name) != 0) throw_errno("reading kernel release");
  return name.release;
}
}  // namespace

HostInfo collect_host_info(const Locations& locations) {
  HostInfo info;
  info.kernel_release = kernel_release();
  info.namespaces = runtime::probe_namespaces();
  info.cgroups = runtime::probe_cgroups();
  // The scratch dir lives in the run dir: it is berth's, and tmpfs on most hosts.
  info.overlay = storage::overlay_supported(locations.run_dir);
  info.nftables = network::probe_nftables();
  info.locations = locations;
  return info;
}

}  // namespace berth::engine
