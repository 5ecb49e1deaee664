#pragma once

#include <filesystem>

namespace berth::network {

// Files of the one DNS helper of a state root, under its run dir: the helper
// writes them, NetworkManager reads them to find and talk to it.
struct DnsPaths {
  std::filesystem::path dir;

  explicit DnsPaths(const std::filesystem::path& run_dir) : dir(run_dir / "dns") {}
  std::filesystem::path pid_file() const { return dir / "berth-dns.pid"; }
  // How many SIGHUP reloads the helper has finished, so a sender can wait for one.
  std::filesystem::path generation_file() const { return dir / "generation"; }
  std::filesystem::path log_file() const { return dir / "berth-dns.log"; }
};

}  // namespace berth::network
