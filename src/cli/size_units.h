#pragma once

#include <cstdint>
#include <string>

// Sizes in docker's units, for every verb that shows one.
namespace berth::cli {

// "1.23kB": powers of 1000, `precision` significant digits (images, ps, stats' I/O).
std::string decimal_size(std::uint64_t bytes, int precision);
// "1.5MiB": powers of 1024, four digits (stats' memory).
std::string binary_size(std::uint64_t bytes);

}  // namespace berth::cli
