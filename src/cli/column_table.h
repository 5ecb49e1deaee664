#pragma once

#include <string>
#include <vector>

namespace berth::cli {

// Rows as docker's tabwriter lays them out: each column as wide as its widest
// cell (in code points) plus three spaces, no trailing blanks.
std::string format_columns(const std::vector<std::vector<std::string>>& rows);

// Columns on a terminal: code points, not bytes ("…" is one).
size_t display_width(const std::string& text);

}  // namespace berth::cli
