#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace berth::engine {

// A run of ids [start, start + count).
struct IdRange {
  std::uint64_t start = 0;
  std::uint64_t count = 0;

  bool operator==(const IdRange&) const = default;
};

// The ranges an /etc/subuid or /etc/subgid text grants `user` (lines
// "name:start:count"; comments, blank and malformed lines are skipped, as
// shadow's tools do).
std::vector<IdRange> granted_ranges(const std::string& text, const std::string& user);

// The lowest start of `size` ids that lie inside one granted range and overlap
// no taken one; none when nothing that large is free.
std::optional<std::uint32_t> first_free_ids(const std::vector<IdRange>& granted,
                                            std::vector<IdRange> taken, std::uint32_t size);

}  // namespace berth::engine
