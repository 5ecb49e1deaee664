#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <sstream>

#include "storage/image_config.h"
#include "util/error.h"

namespace berth::storage {

namespace {
std::string trim(std::string_view text) {
  auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

std::string unquote(std::string value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    return value.substr(1, value.size() - 2);
  return value;
}

// JSON form ["a", "b"] runs as is; the shell form runs through /bin/sh -c.
std::vector<std::string> command_form(const std::string& rest, std::string_view instruction) {
  if (!rest.starts_with("[")) return {"/bin/sh", "-c", rest};
  try {
    return nlohmann::json::parse(rest).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw Error("--change: not a JSON array of strings", std::string(instruction));
  }
}

void set_env(std::vector<std::string>& env, const std::string& key, const std::string& value) {
  auto same_key = [&](const std::string& entry) { return entry.starts_with(key + "="); };
  env.erase(std::remove_if(env.begin(), env.end(), same_key), env.end());
  env.push_back(key + "=" + value);
}

void apply_env(ContainerDefaults& d, const std::string& rest, std::string_view instruction) {
  auto tokens = words(rest);
  if (tokens.empty()) throw Error("--change: ENV needs KEY=value", std::string(instruction));
  if (tokens[0].find('=') == std::string::npos) {  // legacy "ENV KEY value with spaces"
    set_env(d.env, tokens[0], trim(std::string_view(rest).substr(tokens[0].size())));
    return;
  }
  for (const auto& token : tokens) {
    auto eq = token.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error("--change: ENV entry \"" + token + "\" is not KEY=value",
                  std::string(instruction));
    set_env(d.env, token.substr(0, eq), unquote(token.substr(eq + 1)));
  }
}

void apply_labels(ContainerDefaults& d, const std::string& rest, std::string_view instruction) {
  for (const auto& token : words(rest)) {
    auto eq = token.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error("--change: LABEL entry \"" + token + "\" is not key=value",
                  std::string(instruction));
    d.labels[unquote(token.substr(0, eq))] = unquote(token.substr(eq + 1));
  }
}
}  // namespace

void apply_change(ContainerDefaults& d, std::string_view instruction) {
  std::string line = trim(instruction);
  auto space = line.find_first_of(" \t");
  std::string keyword = line.substr(0, space);
  std::transform(keyword.begin(), keyword.end(), keyword.begin(), ::toupper);
  std::string rest = space == std::string::npos ? "" : trim(line.substr(space));
  if (rest.empty()) throw Error("--change: missing value", line);
  if (keyword == "CMD") {
    d.cmd = command_form(rest, line);
  } else if (keyword == "ENTRYPOINT") {
    d.entrypoint = command_form(rest, line);
  } else if (keyword == "ENV") {
    apply_env(d, rest, line);
  } else if (keyword == "WORKDIR") {
    d.working_dir = rest;
  } else if (keyword == "USER") {
    d.user = rest;
  } else if (keyword == "STOPSIGNAL") {
    d.stop_signal = rest;
  } else if (keyword == "EXPOSE") {
    for (auto port : words(rest))
      d.exposed_ports.push_back(port.find('/') == std::string::npos ? port + "/tcp" : port);
  } else if (keyword == "VOLUME") {
    auto paths = rest.starts_with("[") ? command_form(rest, line) : words(rest);
    d.volumes.insert(d.volumes.end(), paths.begin(), paths.end());
  } else if (keyword == "LABEL") {
    apply_labels(d, rest, line);
  } else {
    throw Error("--change: unsupported instruction \"" + keyword +
                    "\" (CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE, VOLUME, LABEL, STOPSIGNAL)",
                line);
  }
}

}  // namespace berth::storage
