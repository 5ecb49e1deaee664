#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/descriptor.h"

namespace berth::storage {

// An image manifest (OCI or Docker schema 2: the same shape).
struct Manifest {
  std::string media_type;
  Descriptor config;
  std::vector<Descriptor> layers;  // bottom first
};

Manifest parse_manifest(std::string_view json);
std::string serialize_manifest(const Manifest& manifest);

}  // namespace berth::storage
