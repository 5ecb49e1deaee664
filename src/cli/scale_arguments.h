#pragma once

#include <map>
#include <string>
#include <vector>

namespace berth::cli {

// `SERVICE=N` arguments (up/create --scale, scale): the replicas per service;
// `what` names the flag or verb in the error for a malformed one.
std::map<std::string, int> parse_scale(const std::vector<std::string>& entries,
                                       const std::string& what = "--scale");

}  // namespace berth::cli
