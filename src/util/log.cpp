#include "util/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <cstdlib>

#include "util/error.h"

namespace berth::log {

namespace {
void install_stderr_logger() {
  static bool installed = false;
  if (installed) return;
  auto logger = spdlog::stderr_color_mt("berth");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  installed = true;
}
}  // namespace

void set_level(const std::string& level) {
  install_stderr_logger();
  auto parsed = spdlog::level::from_str(level);
  // from_str maps anything unknown to "off"; only "off" itself may mean off.
  if (parsed == spdlog::level::off && level != "off")
    throw Error("unknown log level '" + level +
                "' (expected trace, debug, info, warn, error, "
                "critical or off)");
  spdlog::set_level(parsed);
}

void init_from_environment() {
  const char* env = std::getenv("BERTH_LOG");
  set_level(env && *env ? env : "warn");
}

}  // namespace berth::log
