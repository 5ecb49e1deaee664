#pragma once

#include <optional>
#include <string>
#include <vector>

namespace berth::runtime {

// Docker's default device rules: only these may be opened, though any may be
// mknod'ed. In the devices.allow syntax of cgroup v1 ("c 1:3 rwm").
const std::vector<std::string>& default_device_rules();

// One rule: a device type ('a' all, 'c' character, 'b' block), major and
// minor (nullopt for *), and the access it grants.
struct DeviceRule {
  char type = 'a';
  std::optional<unsigned> major, minor;
  bool read = false, write = false, mknod = false;
};

// Parses "TYPE MAJOR:MINOR ACCESS" ("c 1:3 rwm", "b *:* m") or "a"; throws
// Error naming the rule otherwise.
DeviceRule parse_device_rule(const std::string& text);

}  // namespace berth::runtime
