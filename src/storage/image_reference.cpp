#include "storage/image_reference.h"

#include <regex>

#include "util/error.h"

namespace berth::storage {

namespace {
// Grammar from the distribution reference spec (docker/distribution reference.go).
const std::regex& path_component() {
  static const std::regex re("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*");
  return re;
}
const std::regex& tag_pattern() {
  static const std::regex re("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  return re;
}
const std::regex& registry_pattern() {
  static const std::regex re(
      "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])"
      "?))*"
      "(?::[0-9]+)?|\\[[0-9A-Fa-f:]+\\](?::[0-9]+)?");
  return re;
}

[[noreturn]] void invalid(std::string_view text, const std::string& why) {
  throw Error("invalid image reference: " + why, std::string(text));
}

// docker treats the first component as a registry only when it looks like a host.
bool looks_like_registry(std::string_view component) {
  return component.find_first_of(".:[") != std::string_view::npos || component == "localhost";
}

void validate_repository(std::string_view text, const std::string& repository) {
  std::size_t start = 0;
  while (true) {
    auto slash = repository.find('/', start);
    std::string component = repository.substr(start, slash - start);
    if (!std::regex_match(component, path_component()))
      invalid(text, "path component \"" + component + "\" must be lowercase [a-z0-9] with . _ -");
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (repository.size() > 255) invalid(text, "name longer than 255 characters");
}
}  // namespace

bool is_sha256_digest(std::string_view text) {
  static const std::regex re("sha256:[a-f0-9]{64}");
  return std::regex_match(text.begin(), text.end(), re);
}

ImageReference parse_image_reference(std::string_view text) {
  if (text.empty()) invalid(text, "empty");
  ImageReference ref;
  std::string rest(text);
  if (auto at = rest.find('@'); at != std::string::npos) {
    ref.digest = rest.substr(at + 1);
    rest.resize(at);
    if (!is_sha256_digest(ref.digest)) invalid(text, "digest must be sha256:<64 hex digits>");
  }
  auto last_slash = rest.rfind('/');
  auto colon = rest.rfind(':');
  if (colon != std::string::npos && (last_slash == std::string::npos || colon > last_slash)) {
    ref.tag = rest.substr(colon + 1);
    rest.resize(colon);
    if (!std::regex_match(ref.tag, tag_pattern())) invalid(text, "bad tag \"" + ref.tag + "\"");
  }
  if (rest.empty()) invalid(text, "missing name");
  auto first_slash = rest.find('/');
  if (first_slash != std::string::npos && looks_like_registry(rest.substr(0, first_slash))) {
    ref.registry = rest.substr(0, first_slash);
    ref.repository = rest.substr(first_slash + 1);
    if (!std::regex_match(ref.registry, registry_pattern()))
      invalid(text, "bad registry host \"" + ref.registry + "\"");
  } else {
    ref.registry = kDefaultRegistry;
    ref.repository = first_slash == std::string::npos ? "library/" + rest : rest;
  }
  if (ref.registry == "index.docker.io") ref.registry = kDefaultRegistry;
  validate_repository(text, ref.repository);
  if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
  return ref;
}

std::string ImageReference::name() const { return registry + "/" + repository; }

std::string ImageReference::canonical() const {
  std::string out = name();
  if (!tag.empty()) out += ":" + tag;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

std::string ImageReference::familiar() const {
  std::string out;
  if (registry != kDefaultRegistry)
    out = name();
  else if (repository.starts_with("library/"))
    out = repository.substr(8);
  else
    out = repository;
  if (!tag.empty()) out += ":" + tag;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

}  // namespace berth::storage
