#pragma once

#include <optional>
#include <string_view>

#include "spec/node.h"

// Stack files, env files and the values they produce must be UTF-8: the model
// is printed and hashed as JSON, which cannot carry other bytes.
namespace berth::spec {

// The offset of the first byte that does not belong to a well-formed UTF-8
// sequence (overlong forms, surrogates and code points past U+10FFFF included).
std::optional<size_t> invalid_utf8_offset(std::string_view text);

// The line and column of `offset` in `text`, as a mark in `file`.
Mark mark_at_offset(std::string_view text, size_t offset, const std::string& file);

}  // namespace berth::spec
