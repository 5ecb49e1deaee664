#pragma once

#include <optional>
#include <string>

#include "util/locations.h"

namespace berth::cli {

// Options every command accepts, filled in by main before a command runs.
struct GlobalOptions {
  std::optional<std::string> root;
  std::optional<std::string> log_level;

  Locations locations() const { return Locations::resolve(root); }
};

}  // namespace berth::cli
