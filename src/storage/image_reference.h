#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth::storage {

// An image reference split the way docker reads it: "busybox" is
// docker.io/library/busybox:latest, "localhost:5000/a/b@sha256:..." names a
// registry with a port and pins a digest.
struct ImageReference {
  std::string registry;    // "docker.io", "localhost:5000", "ghcr.io"
  std::string repository;  // "library/busybox", "a/b"
  std::string tag;         // empty only when a digest is given without a tag
  std::string digest;      // "sha256:<64 hex>" or empty

  // The full normalized form: registry/repository[:tag][@digest].
  std::string canonical() const;
  // registry/repository, without tag or digest.
  std::string name() const;
  // The short form docker prints: "busybox:latest", "localhost:5000/a/b:1".
  std::string familiar() const;

  bool operator==(const ImageReference&) const = default;
};

inline constexpr std::string_view kDefaultRegistry = "docker.io";

// Parses a reference; throws berth::Error naming the reference and the rule it breaks.
ImageReference parse_image_reference(std::string_view text);

// True for "sha256:" followed by 64 lowercase hex digits.
bool is_sha256_digest(std::string_view text);

}  // namespace berth::storage
