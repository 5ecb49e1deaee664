#include "runtime/user_lookup.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <sstream>

#include "util/error.h"

namespace berth::runtime {

namespace {

std::vector<std::string> split_fields(const std::string& text, char separator) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream stream(text);
  while (std::getline(stream, field, separator)) fields.push_back(field);
  if (!text.empty() && text.back() == separator) fields.emplace_back();
  return fields;
}

std::optional<unsigned> parse_id(const std::string& text) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return {};
  return value;
}

// Splits a passwd/group file into records of ':'-separated fields, skipping comments.
std::vector<std::vector<std::string>> records(const std::string& text, size_t min_fields) {
  std::vector<std::vector<std::string>> result;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto fields = split_fields(line, ':');
    if (fields.size() >= min_fields && parse_id(fields[2])) result.push_back(std::move(fields));
  }
  return result;
}

struct PasswdEntry {
  std::string name;
  uid_t uid;
  gid_t gid;
  std::string home;
};

std::optional<PasswdEntry> find_passwd(const std::string& user, const std::string& passwd_text) {
  auto id = parse_id(user);
  for (const auto& fields : records(passwd_text, 7)) {
    auto uid = *parse_id(fields[2]);
    if (fields[0] == user || (id && *id == uid))
      return PasswdEntry{fields[0], uid, parse_id(fields[3]).value_or(0), fields[5]};
  }
  return {};
}

gid_t find_group(const std::string& group, const std::string& group_text) {
  if (auto id = parse_id(group)) return *id;
  for (const auto& fields : records(group_text, 3))
    if (fields[0] == group) return *parse_id(fields[2]);
  throw Error("no group '" + group + "' in the image's /etc/group");
}

std::vector<gid_t> supplementary_groups(const std::string& name, gid_t primary,
                                        const std::string& group_text) {
  std::vector<gid_t> groups;
  for (const auto& fields : records(group_text, 4)) {
    auto members = split_fields(fields[3], ',');
    auto gid = *parse_id(fields[2]);
    if (gid != primary && std::find(members.begin(), members.end(), name) != members.end())
      groups.push_back(gid);
  }
  return groups;
}

}  // namespace

ResolvedUser resolve_user(const std::string& user, const std::string& passwd_text,
                          const std::string& group_text) {
  std::string user_part = user.empty() ? "0" : user.substr(0, user.find(':'));
  auto separator = user.find(':');
  ResolvedUser resolved;
  auto entry = find_passwd(user_part, passwd_text);
  if (entry) {
    resolved.uid = entry->uid;
    resolved.gid = entry->gid;
    resolved.home = entry->home.empty() ? "/" : entry->home;
  } else if (auto id = parse_id(user_part)) {
    resolved.uid = *id;
  } else {
    throw Error("no user '" + user_part + "' in the image's /etc/passwd");
  }
  if (separator != std::string::npos) {
    resolved.gid = find_group(user.substr(separator + 1), group_text);
  } else if (entry) {
    resolved.groups = supplementary_groups(entry->name, resolved.gid, group_text);
  }
  return resolved;
}

}  // namespace berth::runtime
