#pragma once

#include <optional>
#include <string_view>

namespace berth::network {

// The n of "address/n": decimal digits only, at most `longest`.
inline std::optional<int> parse_prefix_length(std::string_view digits, int longest) {
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  int value = 0;
  for (char digit : digits) {
    if (digit < '0' || digit > '9') return std::nullopt;
    value = value * 10 + (digit - '0');
  }
  if (value > longest) return std::nullopt;
  return value;
}

}  // namespace berth::network
