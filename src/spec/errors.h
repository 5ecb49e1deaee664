#pragma once

#include <string>

#include "spec/node.h"

namespace berth::spec {

// Throws berth::Error "file:line:col: key.path: message" so every complaint
// about a stack file says where and which key.
[[noreturn]] void fail_at(const Mark& mark, const std::string& path, const std::string& message);

// The same text, for warnings.
std::string describe_at(const Mark& mark, const std::string& path, const std::string& message);

}  // namespace berth::spec
