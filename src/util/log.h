#pragma once

#include <spdlog/spdlog.h>

#include <string>

// berth logs through spdlog to stderr; quiet (warnings and errors only) unless
// --log-level or BERTH_LOG asks for more.
namespace berth::log {

// Accepts trace, debug, info, warn, error, critical, off; throws Error otherwise.
void set_level(const std::string& level);
// Applies BERTH_LOG if set, else the quiet default.
void init_from_environment();

using spdlog::critical;
using spdlog::debug;
using spdlog::error;
using spdlog::info;
using spdlog::trace;
using spdlog::warn;

}  // namespace berth::log
