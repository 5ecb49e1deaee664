#include "runtime/device_rules.h"

#include <charconv>
#include <sstream>

#include "util/error.h"

namespace berth::runtime {

namespace {
std::optional<unsigned> number_or_any(std::string_view text, const std::string& rule) {
  if (text == "*") return std::nullopt;
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty())
    throw Error("bad device number in device rule", rule);
  return value;
}
}  // namespace

const std::vector<std::string>& default_device_rules() {
  static const std::vector<std::string> rules = {
      "c *:* m",   "b *:* m",   "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",   "c 1:8 rwm",
      "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm"};
  return rules;
}

DeviceRule parse_device_rule(const std::string& text) {
  DeviceRule rule;
  std::istringstream words(text);
  std::string type, numbers, access;
  words >> type >> numbers >> access;
  if (type == "a" && numbers.empty()) {
    rule.read = rule.write = rule.mknod = true;
    return rule;
  }
  auto colon = numbers.find(':');
  std::string rest;
  if ((type != "c" && type != "b" && type != "a") || colon == std::string::npos || access.empty() ||
      (words >> rest))
    throw Error("device rule must be TYPE MAJOR:MINOR ACCESS", text);
  rule.type = type[0];
  rule.major = number_or_any(std::string_view(numbers).substr(0, colon), text);
  rule.minor = number_or_any(std::string_view(numbers).substr(colon + 1), text);
  for (char permission : access) {
    if (permission == 'r')
      rule.read = true;
    else if (permission == 'w')
      rule.write = true;
    else if (permission == 'm')
      rule.mknod = true;
    else
      throw Error("device rule access is made of r, w and m", text);
  }
  return rule;
}

}  // namespace berth::runtime
