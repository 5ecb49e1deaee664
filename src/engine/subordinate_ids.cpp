#include "engine/subordinate_ids.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace berth::engine {

namespace {
std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

constexpr std::uint64_t kIdLimit = 1ULL << 32;  // uid_t is 32 bits; -1 is never an id
}  // namespace

std::vector<IdRange> granted_ranges(const std::string& text, const std::string& user) {
  std::vector<IdRange> ranges;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    if (line.substr(0, first) != user) continue;
    auto start = number(std::string_view(line).substr(first + 1, second - first - 1));
    auto count = number(std::string_view(line).substr(second + 1));
    if (!start || !count || *count == 0 || *start + *count >= kIdLimit) continue;
    ranges.push_back({*start, *count});
  }
  return ranges;
}

std::optional<std::uint32_t> first_free_ids(const std::vector<IdRange>& granted,
                                            std::vector<IdRange> taken, std::uint32_t size) {
  if (size == 0) return std::nullopt;
  std::ranges::sort(taken, {}, &IdRange::start);
  std::optional<std::uint64_t> best;
  for (const auto& range : granted) {
    std::uint64_t candidate = range.start, end = range.start + range.count;
    for (const auto& used : taken) {
      if (candidate + size <= used.start) break;  // fits before this one
      candidate = std::max(candidate, used.start + used.count);
    }
    if (candidate + size <= end && (!best || candidate < *best)) best = candidate;
  }
  if (!best) return std::nullopt;
  return static_cast<std::uint32_t>(*best);
}

}  // namespace berth::engine
