#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace berth {

// Where berth keeps things: the state root (database, images, volumes, logs)
// and the runtime dir (pid files, locks, sockets).
struct Locations {
  std::filesystem::path state_root;
  std::filesystem::path run_dir;

  // --root wins, then BERTH_ROOT, then /var/lib/berth; BERTH_RUN, else /run/berth.
  static Locations resolve(const std::optional<std::string>& root_flag);

  std::filesystem::path database() const { return state_root / "state.db"; }
  std::filesystem::path locks_dir() const { return run_dir / "locks"; }
};

}  // namespace berth
