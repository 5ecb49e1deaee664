#pragma once

// Drives the real `berth` binary as a user would, for end-to-end tests inside
// the sandbox: plain verbs, compose verbs on a stack file, and `ps` parsed.
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/run_command.h"

namespace berth::testing {

// The image every end-to-end stack uses: Debian's static busybox.
inline constexpr const char* kBusyboxImage = "localhost/test/busybox:1";

// `berth ARGS...`.
CommandResult berth(std::vector<std::string> args);

// The argv of `berth VERB --file FILE REST...` for `args` = {VERB, REST...}
// (the long flag: `logs -f` means follow).
std::vector<std::string> compose_argv(const std::filesystem::path& file,
                                      std::vector<std::string> args);
CommandResult compose(const std::filesystem::path& file, std::vector<std::string> args);

// Imports kBusyboxImage into the sandbox's state root (once per test).
void import_busybox_image();

// Every container of the stack (`ps -a --format json`), one object each.
std::vector<nlohmann::json> ps_json(const std::filesystem::path& file);
// The labels of one of them: compose writes them as "k=v,k2=v2" (a piece
// without "=" continues the previous value, which had a comma in it).
std::map<std::string, std::string> labels_of(const nlohmann::json& container);

// Polls `condition` every 100 ms for up to `attempts` tries.
bool eventually(const std::function<bool()>& condition, int attempts = 100);

std::vector<std::string> lines_of(const std::string& text);

}  // namespace berth::testing
