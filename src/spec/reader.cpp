#include "spec/reader.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "spec/errors.h"
#include "spec/units.h"
#include "spec/utf8.h"

namespace berth::spec {

std::string child_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string item_path(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

namespace {
[[noreturn]] void wrong_type(const Node& node, const std::string& path, const std::string& what) {
  fail_at(node.mark, path, "expected " + what + ", got " + kind_name(node.kind));
}
}  // namespace

std::string read_string(const Node& node, const std::string& path) {
  if (!node.is_scalar()) wrong_type(node, path, "a string");
  return node.value;
}

bool read_bool(const Node& node, const std::string& path) {
  std::string text = read_string(node, path);
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  fail_at(node.mark, path, "expected true or false, got \"" + text + "\"");
}

int64_t read_int(const Node& node, const std::string& path) {
  std::string text = read_string(node, path);
  static const std::regex kInteger("[-+]?[0-9]+");
  if (!std::regex_match(text, kInteger))
    fail_at(node.mark, path, "expected an integer, got \"" + text + "\"");
  try {
    return std::stoll(text);
  } catch (const std::out_of_range&) {
    fail_at(node.mark, path, "integer out of range: " + text);
  }
}

double read_double(const Node& node, const std::string& path) {
  std::string text = read_string(node, path);
  static const std::regex kNumber("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)");
  if (!std::regex_match(text, kNumber))
    fail_at(node.mark, path, "expected a number, got \"" + text + "\"");
  double value = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(value)) fail_at(node.mark, path, "number out of range: " + text);
  return value;
}

Duration read_duration(const Node& node, const std::string& path) {
  std::string text = read_string(node, path);
  auto duration = parse_duration(text);
  if (!duration)
    fail_at(node.mark, path, "expected a duration like 1m30s or 500ms, got \"" + text + "\"");
  return *duration;
}

int64_t read_byte_size(const Node& node, const std::string& path) {
  std::string text = read_string(node, path);
  auto size = parse_byte_size(text);
  if (!size) fail_at(node.mark, path, "expected a byte size like 512m or 1g, got \"" + text + "\"");
  return *size;
}

uint32_t read_file_mode(const Node& node, const std::string& path) {
  std::string text = read_string(node, path);
  static const std::regex kOctal("0?[0-7]{1,4}");
  if (!std::regex_match(text, kOctal))
    fail_at(node.mark, path, "expected an octal file mode like 0440, got \"" + text + "\"");
  return static_cast<uint32_t>(std::stoul(text, nullptr, 8));
}

void expect_mapping(const Node& node, const std::string& path) {
  if (!node.is_mapping()) wrong_type(node, path, "a mapping");
}

void expect_sequence(const Node& node, const std::string& path) {
  if (!node.is_sequence()) wrong_type(node, path, "a list");
}

std::vector<std::string> read_string_list(const Node& node, const std::string& path,
                                          bool allow_scalar) {
  if (allow_scalar && node.is_scalar()) return {node.value};
  if (node.is_null()) return {};
  if (!node.is_sequence()) wrong_type(node, path, allow_scalar ? "a string or a list" : "a list");
  std::vector<std::string> result;
  for (size_t i = 0; i < node.items.size(); ++i)
    result.push_back(read_string(node.items[i], item_path(path, i)));
  return result;
}

namespace {
template <typename Map, typename OnBare>
Map read_pairs(const Node& node, const std::string& path, char separator, OnBare on_bare) {
  Map result;
  if (node.is_null()) return result;
  if (node.is_mapping()) {
    for (const auto& entry : node.entries) {
      if (entry.value.is_null())
        on_bare(result, entry.key, entry.key_mark, child_path(path, entry.key));
      else
        result[entry.key] = read_string(entry.value, child_path(path, entry.key));
    }
    return result;
  }
  if (!node.is_sequence())
    wrong_type(node, path, "a mapping or a list of KEY" + std::string(1, separator) + "VALUE");
  for (size_t i = 0; i < node.items.size(); ++i) {
    std::string text = read_string(node.items[i], item_path(path, i));
    size_t split = text.find(separator);
    if (split == std::string::npos)
      on_bare(result, text, node.items[i].mark, item_path(path, i));
    else
      result[text.substr(0, split)] = text.substr(split + 1);
  }
  return result;
}
}  // namespace

StringMap read_string_map(const Node& node, const std::string& path, char separator) {
  return read_pairs<StringMap>(node, path, separator,
                               [](StringMap& map, const std::string& key, const Mark&,
                                  const std::string&) { map[key] = ""; });
}

OptionalStringMap read_environment(const Node& node, const std::string& path,
                                   const ParseContext& context) {
  return read_pairs<OptionalStringMap>(
      node, path, '=',
      [&](OptionalStringMap& map, const std::string& key, const Mark& mark,
          const std::string& key_path) {
        auto it = context.environment.find(key);
        if (it == context.environment.end()) {
          map[key] = std::nullopt;
          return;
        }
        if (invalid_utf8_offset(it->second))
          fail_at(mark, key_path, "the value of " + key + " in the environment is not valid UTF-8");
        map[key] = it->second;
      });
}

void check_keys(const Node& node, const std::string& path, const std::set<std::string>& known,
                const std::set<std::string>& unsupported, ParseContext& context) {
  expect_mapping(node, path);
  for (const auto& entry : node.entries) {
    if (entry.key.rfind("x-", 0) == 0 || known.count(entry.key)) continue;
    std::string key_path = child_path(path, entry.key);
    if (unsupported.count(entry.key)) {
      std::string message = "\"" + entry.key + "\" is not supported by berth yet";
      if (context.strict) fail_at(entry.key_mark, key_path, message + " (strict mode)");
      context.warnings.push_back(describe_at(entry.key_mark, key_path, message + ", ignored"));
      continue;
    }
    std::string best;
    size_t best_distance = 4;
    for (const auto* keys : {&known, &unsupported})
      for (const auto& candidate : *keys) {
        size_t distance = edit_distance(entry.key, candidate);
        if (distance < best_distance) best_distance = distance, best = candidate;
      }
    std::string message = "unknown key \"" + entry.key + "\"";
    if (!best.empty()) message += ": did you mean \"" + best + "\"?";
    fail_at(entry.key_mark, key_path, message);
  }
}

nlohmann::json to_json(const Node& node) {
  switch (node.kind) {
    case Node::Kind::Null:
      return nullptr;
    case Node::Kind::Scalar: {
      if (node.quoted) return node.value;
      static const std::regex kInteger("[-+]?[0-9]+");
      static const std::regex kFloat("[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
      const std::string& text = node.value;
      if (text == "true") return true;
      if (text == "false") return false;
      if (text == "null" || text == "~") return nullptr;
      if (std::regex_match(text, kInteger) && text.size() < 18) return std::stoll(text);
      // A float too large for a double stays text: JSON has no infinity.
      if (std::regex_match(text, kFloat) && std::isfinite(std::strtod(text.c_str(), nullptr)))
        return std::strtod(text.c_str(), nullptr);
      return text;
    }
    case Node::Kind::Sequence: {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& item : node.items) array.push_back(to_json(item));
      return array;
    }
    case Node::Kind::Mapping: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& entry : node.entries) object[entry.key] = to_json(entry.value);
      return object;
    }
  }
  return nullptr;
}

std::string resolve_path(const std::string& path, const std::string& base) {
  std::filesystem::path result;
  if (path == "~" || path.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    result = std::filesystem::path(home ? home : "/") / path.substr(path.size() > 1 ? 2 : 1);
  } else {
    result = std::filesystem::path(base) / path;
  }
  std::string text = result.lexically_normal().string();
  if (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace berth::spec
