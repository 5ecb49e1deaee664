#pragma once

#include <string>

#include "spec/model.h"
#include "spec/reader.h"

namespace berth::spec {

// Top-level networks, volumes, configs and secrets; names resolved to
// `<project>_<key>` unless `name:` is given or the object is external.
Network parse_network(const std::string& key, const Node& node, const std::string& project,
                      ParseContext& context);
Volume parse_volume(const std::string& key, const Node& node, const std::string& project,
                    ParseContext& context);
// `kind` is "configs" or "secrets".
FileObject parse_file_object(const std::string& kind, const std::string& key, const Node& node,
                             const std::string& project, ParseContext& context);

}  // namespace berth::spec
