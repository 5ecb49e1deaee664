#include "storage/bind_source.h"

#include <cstdlib>

#include "util/error.h"

namespace berth::storage {

namespace fs = std::filesystem;

namespace {
fs::path expand_home(const std::string& source) {
  const char* home = std::getenv("HOME");
  if (!home || !*home) throw Error("cannot expand ~ in bind source: HOME is not set", source);
  return source == "~" ? fs::path(home) : fs::path(home) / source.substr(2);
}
}  // namespace

fs::path resolve_bind_source(const std::string& source, const fs::path& project_dir,
                             bool create_missing) {
  if (source.empty()) throw Error("empty bind mount source");
  fs::path path;
  if (source == "~" || source.starts_with("~/"))
    path = expand_home(source);
  else if (fs::path(source).is_absolute())
    path = source;
  else
    path = project_dir / source;
  path = path.lexically_normal();
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (!create_missing) throw Error("bind mount source path does not exist", path.string());
    fs::create_directories(path, ec);
    if (ec) throw Error("creating bind mount source", path.string(), ec.value());
  }
  auto resolved = fs::canonical(path, ec);
  if (ec) throw Error("resolving bind mount source", path.string(), ec.value());
  return resolved;
}

}  // namespace berth::storage
