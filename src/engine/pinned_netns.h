#pragma once

#include <filesystem>
#include <string>

namespace berth::engine {

// A network namespace kept alive by a bind mount of its nsfs file, as `ip netns`
// does, so a container's addresses and names outlive restarts of its process.
// Pins live in <run dir>/netns/<container name>.
class PinnedNetns {
 public:
  explicit PinnedNetns(const std::filesystem::path& run_dir);

  // Creates and pins a new, empty network namespace (lo down) for the container;
  // returns the existing pin when there already is one.
  std::filesystem::path create(const std::string& container);
  // Unpins it; the kernel frees the namespace (and its veths) once nothing
  // else holds it. A missing pin is not an error.
  void remove(const std::string& container);

  std::filesystem::path path_of(const std::string& container) const;
  static bool is_pinned(const std::filesystem::path& path);

 private:
  void ensure_shared_directory();

  std::filesystem::path dir_;
};

}  // namespace berth::engine
