#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::spec {

// Go-style durations as compose writes them: "1m30s", "500ms", "1h", "2.5s";
// a bare number is seconds. nullopt when malformed.
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);
// Formats the way compose prints: "1m30s", "500ms", "0s".
std::string format_duration(std::chrono::nanoseconds duration);

// Byte sizes: "512m", "1g", "100k", "1.5g", "64mb", "1024" (bytes); binary units.
std::optional<int64_t> parse_byte_size(std::string_view text);

// Splits a command string like a POSIX shell would into words (quotes and
// backslashes honoured, no expansion); nullopt on an unterminated quote.
std::optional<std::vector<std::string>> split_shell_words(std::string_view text);

// Levenshtein distance, for "did you mean".
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace berth::spec
