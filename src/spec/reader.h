#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "spec/model.h"
#include "spec/node.h"

// Typed access to a Node with errors that name file:line:col, the key path and
// what was expected.
namespace berth::spec {

struct ParseContext {
  std::string working_dir;  // relative paths resolve against it
  bool strict = false;
  std::vector<std::string> warnings;
  std::map<std::string, std::string> environment;  // for `VAR` without a value
};

std::string child_path(const std::string& path, const std::string& key);
std::string item_path(const std::string& path, size_t index);

std::string read_string(const Node& node, const std::string& path);
bool read_bool(const Node& node, const std::string& path);
int64_t read_int(const Node& node, const std::string& path);
double read_double(const Node& node, const std::string& path);
Duration read_duration(const Node& node, const std::string& path);
int64_t read_byte_size(const Node& node, const std::string& path);
uint32_t read_file_mode(const Node& node, const std::string& path);  // octal string or int

void expect_mapping(const Node& node, const std::string& path);
void expect_sequence(const Node& node, const std::string& path);

// A list of strings; a lone scalar counts as a one-item list when allowed.
std::vector<std::string> read_string_list(const Node& node, const std::string& path,
                                          bool allow_scalar = false);
// A mapping or a list of "key<separator>value" strings.
StringMap read_string_map(const Node& node, const std::string& path, char separator = '=');
// Like read_string_map, but `KEY` alone (list) or `KEY:` (null) looks KEY up
// in the context environment and stays null when it is not set.
OptionalStringMap read_environment(const Node& node, const std::string& path,
                                   const ParseContext& context);

// Rejects unknown keys of a mapping (with "did you mean"), warns (or fails when
// strict) on specification keys berth does not implement yet; `x-*` are ignored.
void check_keys(const Node& node, const std::string& path, const std::set<std::string>& known,
                const std::set<std::string>& unsupported, ParseContext& context);

// Node → JSON with YAML core-schema scalars (plain numbers/bools/null typed).
nlohmann::json to_json(const Node& node);

// Resolves a path against the working directory; "~" expands to $HOME.
std::string resolve_path(const std::string& path, const std::string& base);

}  // namespace berth::spec
