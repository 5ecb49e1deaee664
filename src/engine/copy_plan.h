#pragma once

#include <string>

namespace berth::engine {

// One side of `berth cp`: SERVICE:PATH inside a service's container, or a host path
// ("-" for a tar stream on stdin or stdout).
struct CopyEndpoint {
  std::string service;  // empty for the host
  std::string path;
  bool in_container() const { return !service.empty(); }
  bool is_stream() const { return service.empty() && path == "-"; }
};

// Reads an argument as docker does: an absolute path, a name without ':' and a
// relative path starting with '.' are host paths; else SERVICE:PATH.
CopyEndpoint parse_copy_endpoint(const std::string& argument);

enum class PathKind { missing, directory, other };

// Where the copy is unpacked and the name its top entry gets there: ("dir", "name")
// makes dir/name; a top name "." puts a directory's contents straight into dir.
struct CopyPlan {
  std::string extract_dir;
  std::string top_name;
};

// docker cp's rules: a file lands at DEST, or in DEST when DEST is a directory; a
// directory becomes DEST when DEST is missing, goes inside an existing directory
// DEST, or only its contents do when SRC ends in "/.". Throws for a directory onto a
// file, a file onto a missing "DEST/", and a missing source.
CopyPlan plan_copy(const std::string& source, PathKind source_kind, const std::string& destination,
                   PathKind destination_kind);

// The top entry's name when SRC is streamed as a tar: its base name, or "." for "/.".
std::string streamed_top_name(const std::string& source);

}  // namespace berth::engine
