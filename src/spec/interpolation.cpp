#include "spec/interpolation.h"

#include <stdexcept>

#include "spec/errors.h"
#include "spec/utf8.h"

namespace berth::spec {

namespace {

bool is_name_start(char c) { return c == '_' || std::isalpha(static_cast<unsigned char>(c)); }
bool is_name_char(char c) { return c == '_' || std::isalnum(static_cast<unsigned char>(c)); }

std::string invalid(std::string_view text) {
  return "invalid interpolation format in \"" + std::string(text) + "\": use $$ for a literal $";
}

// Index of the '}' closing the '{' at `open`, skipping nested ${...}.
size_t matching_brace(std::string_view text, size_t open) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    if (text[i] == '{') ++depth;
    if (text[i] == '}' && --depth == 0) return i;
  }
  throw std::runtime_error(invalid(text));
}

class Interpolator {
 public:
  Interpolator(const VariableLookup& lookup, std::set<std::string>& unset)
      : lookup_(lookup), unset_(unset) {}

  std::string expand(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
      if (text[i] != '$') {
        out += text[i++];
        continue;
      }
      if (i + 1 >= text.size()) throw std::runtime_error(invalid(text));
      char next = text[i + 1];
      if (next == '$') {
        out += '$';
        i += 2;
      } else if (next == '{') {
        size_t close = matching_brace(text, i + 1);
        out += braced(text.substr(i + 2, close - i - 2), text);
        i = close + 1;
      } else if (is_name_start(next)) {
        size_t end = i + 1;
        while (end < text.size() && is_name_char(text[end])) ++end;
        out += plain(std::string(text.substr(i + 1, end - i - 1)));
        i = end;
      } else {
        throw std::runtime_error(invalid(text));
      }
    }
    return out;
  }

 private:
  std::string plain(const std::string& name) {
    auto value = lookup_(name);
    if (!value) unset_.insert(name);
    return value.value_or("");
  }

  std::string braced(std::string_view body, std::string_view whole) {
    size_t end = 0;
    while (end < body.size() && is_name_char(body[end])) ++end;
    std::string name(body.substr(0, end));
    if (name.empty() || !is_name_start(name[0])) throw std::runtime_error(invalid(whole));
    if (end == body.size()) return plain(name);
    std::string_view rest = body.substr(end);
    bool colon = rest[0] == ':';
    if (colon) rest.remove_prefix(1);
    if (rest.empty() || (rest[0] != '-' && rest[0] != '+' && rest[0] != '?'))
      throw std::runtime_error(invalid(whole));
    char op = rest[0];
    std::string_view argument = rest.substr(1);
    auto value = lookup_(name);
    // With ':' an empty value counts as unset.
    bool present = value && (!colon || !value->empty());
    switch (op) {
      case '-':
        return present ? *value : expand(argument);
      case '+':
        return present ? expand(argument) : std::string{};
      default:
        if (!present) {
          std::string message = expand(argument);
          throw std::runtime_error("required variable " + name + " is " +
                                   (value ? "empty" : "missing a value") +
                                   (message.empty() ? "" : ": " + message));
        }
        return *value;
    }
  }

  const VariableLookup& lookup_;
  std::set<std::string>& unset_;
};

// Records the variables of a template without looking any up.
class VariableFinder {
 public:
  explicit VariableFinder(std::map<std::string, VariableUse>& found) : found_(found) {}

  void scan(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '$' || i + 1 >= text.size()) continue;
      char next = text[i + 1];
      if (next == '$') {
        ++i;
      } else if (next == '{') {
        size_t close = matching_brace(text, i + 1);
        braced(text.substr(i + 2, close - i - 2), text);
        i = close;
      } else if (is_name_start(next)) {
        size_t end = i + 1;
        while (end < text.size() && is_name_char(text[end])) ++end;
        found_[std::string(text.substr(i + 1, end - i - 1))];
        i = end - 1;
      }
    }
  }

 private:
  void braced(std::string_view body, std::string_view whole) {
    size_t end = 0;
    while (end < body.size() && is_name_char(body[end])) ++end;
    if (end == 0 || !is_name_start(body[0])) throw std::runtime_error(invalid(whole));
    VariableUse& use = found_[std::string(body.substr(0, end))];
    std::string_view rest = body.substr(end);
    if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
    if (rest.empty()) return;
    std::string argument(rest.substr(1));
    if (rest[0] == '-')
      use.default_value = argument;
    else if (rest[0] == '+')
      use.alternate_value = argument;
    else if (rest[0] == '?')
      use.required = true;
    else
      throw std::runtime_error(invalid(whole));
    scan(argument);
  }

  std::map<std::string, VariableUse>& found_;
};

void find_in(const Node& node, const std::string& path, VariableFinder& finder) {
  if (node.is_scalar()) {
    try {
      finder.scan(node.value);
    } catch (const std::runtime_error& e) {
      fail_at(node.mark, path, e.what());
    }
  }
  for (size_t i = 0; i < node.items.size(); ++i)
    find_in(node.items[i], path + "[" + std::to_string(i) + "]", finder);
  for (const auto& entry : node.entries)
    find_in(entry.value, path.empty() ? entry.key : path + "." + entry.key, finder);
}

void walk(Node& node, const std::string& path, Interpolator& interpolator) {
  switch (node.kind) {
    case Node::Kind::Scalar:
      if (node.value.find('$') == std::string::npos) return;
      try {
        node.value = interpolator.expand(node.value);
      } catch (const std::runtime_error& e) {
        fail_at(node.mark, path, e.what());
      }
      if (invalid_utf8_offset(node.value))
        fail_at(node.mark, path, "the interpolated value is not valid UTF-8");
      return;
    case Node::Kind::Sequence:
      for (size_t i = 0; i < node.items.size(); ++i)
        walk(node.items[i], path + "[" + std::to_string(i) + "]", interpolator);
      return;
    case Node::Kind::Mapping:
      for (auto& entry : node.entries)
        walk(entry.value, path.empty() ? entry.key : path + "." + entry.key, interpolator);
      return;
    case Node::Kind::Null:
      return;
  }
}

}  // namespace

std::string interpolate(std::string_view text, const VariableLookup& lookup,
                        std::set<std::string>& unset) {
  Interpolator interpolator(lookup, unset);
  return interpolator.expand(text);
}

std::map<std::string, VariableUse> find_variables(const Node& root) {
  std::map<std::string, VariableUse> found;
  VariableFinder finder(found);
  find_in(root, "", finder);
  return found;
}

void interpolate_tree(Node& root, const VariableLookup& lookup, std::set<std::string>& unset) {
  Interpolator interpolator(lookup, unset);
  walk(root, "", interpolator);
}

}  // namespace berth::spec
