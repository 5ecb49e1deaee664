#include "spec/units.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace berth::spec {

namespace {

struct Unit {
  std::string_view suffix;
  int64_t nanoseconds;
};

constexpr Unit kDurationUnits[] = {{"ns", 1},           {"us", 1000},      {"µs", 1000},
                                   {"ms", 1000000},     {"s", 1000000000}, {"m", 60000000000},
                                   {"h", 3600000000000}};

// Parses a leading decimal number; advances `text`.
std::optional<double> take_number(std::string_view& text) {
  size_t length = 0;
  bool digits = false;
  while (length < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[length])) || text[length] == '.')) {
    digits = digits || text[length] != '.';
    ++length;
  }
  if (!digits) return std::nullopt;
  double value = std::strtod(std::string(text.substr(0, length)).c_str(), nullptr);
  text.remove_prefix(length);
  return value;
}

// Rounds to an int64_t; nullopt when the value does not fit (inf included).
std::optional<int64_t> rounded(double value) {
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  if (!(value < kLimit && value >= -kLimit)) return std::nullopt;
  return static_cast<int64_t>(std::llround(value));
}

}  // namespace

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool all_digits = std::all_of(text.begin(), text.end(),
                                [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (all_digits) return parse_duration(std::string(text) + "s");
  double total = 0;
  while (!text.empty()) {
    auto number = take_number(text);
    if (!number) return std::nullopt;
    const Unit* match = nullptr;
    for (const auto& unit : kDurationUnits)
      if (text.substr(0, unit.suffix.size()) == unit.suffix &&
          (!match || unit.suffix.size() > match->suffix.size()))
        match = &unit;
    if (!match) return std::nullopt;
    text.remove_prefix(match->suffix.size());
    total += *number * static_cast<double>(match->nanoseconds);
  }
  auto nanoseconds = rounded(total);
  if (!nanoseconds) return std::nullopt;
  return std::chrono::nanoseconds(*nanoseconds);
}

std::string format_duration(std::chrono::nanoseconds duration) {
  int64_t ns = duration.count();
  if (ns == 0) return "0s";
  std::string out;
  if (ns % 1000000000 != 0 && ns < 1000000000) {
    if (ns % 1000000 == 0) return std::to_string(ns / 1000000) + "ms";
    if (ns % 1000 == 0) return std::to_string(ns / 1000) + "us";
    return std::to_string(ns) + "ns";
  }
  int64_t hours = ns / 3600000000000;
  ns %= 3600000000000;
  int64_t minutes = ns / 60000000000;
  ns %= 60000000000;
  if (hours) out += std::to_string(hours) + "h";
  if (hours || minutes) out += std::to_string(minutes) + "m";
  int64_t seconds = ns / 1000000000;
  int64_t fraction = ns % 1000000000;
  out += std::to_string(seconds);
  if (fraction) {
    std::string digits = std::to_string(fraction + 1000000000).substr(1);
    digits.erase(digits.find_last_not_of('0') + 1);
    out += "." + digits;
  }
  return out + "s";
}

std::optional<int64_t> parse_byte_size(std::string_view text) {
  if (text.empty()) return std::nullopt;
  auto number = take_number(text);
  if (!number) return std::nullopt;
  std::string suffix;
  for (char c : text) suffix += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!suffix.empty() && suffix.back() == 'b') suffix.pop_back();
  if (suffix.size() == 2 && suffix[1] == 'i') suffix.pop_back();  // "mib" style
  static constexpr std::string_view kUnits = "kmgtp";
  double multiplier = 1;
  if (suffix.size() > 1) return std::nullopt;
  if (suffix.size() == 1) {
    size_t index = kUnits.find(suffix[0]);
    if (index == std::string_view::npos) return std::nullopt;
    multiplier = std::pow(1024.0, static_cast<double>(index + 1));
  }
  return rounded(*number * multiplier);
}

std::optional<std::vector<std::string>> split_shell_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\' && i + 1 < text.size()) {
      word += text[++i];
    } else if (c == '\'') {
      size_t close = text.find('\'', i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      word += text.substr(i + 1, close - i - 1);
      i = close;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size() &&
            std::string_view("\"\\$`").find(text[j + 1]) != std::string_view::npos)
          ++j;
        word += text[j];
      }
      if (j >= text.size()) return std::nullopt;
      i = j;
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace berth::spec
