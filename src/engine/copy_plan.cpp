#include "engine/copy_plan.h"

#include "util/error.h"

namespace berth::engine {

namespace {
std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string base_name(const std::string& path) {
  auto trimmed = without_trailing_slashes(path);
  if (trimmed == "/") return ".";
  auto slash = trimmed.rfind('/');
  return slash == std::string::npos ? trimmed : trimmed.substr(slash + 1);
}

std::string parent_of(const std::string& path) {
  auto trimmed = without_trailing_slashes(path);
  auto slash = trimmed.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : trimmed.substr(0, slash);
}

bool names_contents(const std::string& source) { return source == "." || source.ends_with("/."); }
}  // namespace

CopyEndpoint parse_copy_endpoint(const std::string& argument) {
  if (argument.starts_with("/")) return {"", argument};
  auto colon = argument.find(':');
  if (colon == std::string::npos || argument.starts_with(".")) return {"", argument};
  if (colon == 0) throw Error("no service before ':' in", argument);
  std::string path = argument.substr(colon + 1);
  return {argument.substr(0, colon), path.empty() ? "/" : path};
}

CopyPlan plan_copy(const std::string& source, PathKind source_kind, const std::string& destination,
                   PathKind destination_kind) {
  if (source_kind == PathKind::missing) throw Error("no such file or directory", source);
  bool source_is_dir = source_kind == PathKind::directory;
  if (!source_is_dir && source.ends_with("/")) throw Error("not a directory", source);
  switch (destination_kind) {
    case PathKind::missing:
      if (!source_is_dir && destination.ends_with("/"))
        throw Error("destination directory does not exist", destination);
      return {parent_of(destination), base_name(destination)};
    case PathKind::other:
      if (source_is_dir) throw Error("cannot copy a directory to a file", destination);
      return {parent_of(destination), base_name(destination)};
    case PathKind::directory:
      break;
  }
  return {destination, names_contents(source) ? "." : base_name(source)};
}

std::string streamed_top_name(const std::string& source) {
  return names_contents(source) ? "." : base_name(source);
}

}  // namespace berth::engine
