#pragma once

#include <string>

#include "spec/model.h"
#include "spec/reader.h"

namespace berth::spec {

// One entry of a service's `volumes:`: short `[source:]target[:options]`
// (options ro, rw, z, Z, nocopy, a propagation or a consistency) or the long
// form with bind/volume/tmpfs sub-options. Bind sources become absolute.
VolumeMount parse_mount(const Node& node, const std::string& path, ParseContext& context);

// True when a short-syntax source names a host path rather than a volume.
bool is_host_path(const std::string& source);

}  // namespace berth::spec
