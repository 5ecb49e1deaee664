#pragma once

#include <filesystem>
#include <string>

namespace berth::storage {

// Resolves a compose bind-mount source on the host: "~" and "~/x" from $HOME,
// relative paths against the project dir, then symlinks followed (once, here:
// the runtime mounts the result and never re-resolves it in the container).
// A missing source is created as a directory when create_missing (short syntax,
// or long syntax with create_host_path), and an error naming it otherwise.
std::filesystem::path resolve_bind_source(const std::string& source,
                                          const std::filesystem::path& project_dir,
                                          bool create_missing);

}  // namespace berth::storage
