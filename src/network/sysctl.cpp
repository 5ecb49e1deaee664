#include "network/sysctl.h"

#include <fcntl.h>
#include <unistd.h>

#include "util/error.h"
#include "util/unique_fd.h"

namespace berth::network {

void write_net_sysctl(const std::string& key, const std::string& value) {
  std::string path = "/proc/sys/net/" + key;
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) throw_errno("opening sysctl", path);
  if (::write(fd.get(), value.data(), value.size()) != static_cast<ssize_t>(value.size()))
    throw_errno("writing sysctl", path);
}

}  // namespace berth::network
