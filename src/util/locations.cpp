#include "util/locations.h"

#include <cstdlib>

namespace berth {

namespace {
std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}
}  // namespace

Locations Locations::resolve(const std::optional<std::string>& root_flag) {
  Locations locations;
  locations.state_root = root_flag ? *root_flag : env_or("BERTH_ROOT", "/var/lib/berth");
  locations.run_dir = env_or("BERTH_RUN", "/run/berth");
  return locations;
}

}  // namespace berth
