#pragma once

#include <string>
#include <vector>

#include "spec/model.h"
#include "spec/reader.h"

namespace berth::spec {

// One entry of `ports:`: short syntax `[ip:][host[-range]:]container[-range][/proto]`
// (IPv6 host addresses in brackets; equal ranges expand to one mapping per port)
// or the long mapping form.
std::vector<PortMapping> parse_port(const Node& node, const std::string& path,
                                    ParseContext& context);

// What makes two mappings the same for override merging.
std::string port_identity(const PortMapping& port);

}  // namespace berth::spec
