#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>

#include "runtime/seccomp_policy.h"
#include "util/error.h"

namespace berth::runtime {

namespace {

// Docker's action names: only allow and errno-returning actions are honoured.
bool parse_action(const std::string& action, const std::string& where) {
  if (action == "SCMP_ACT_ALLOW") return true;
  if (action == "SCMP_ACT_ERRNO") return false;
  throw Error(where + ": unsupported seccomp action '" + action + "'");
}

SeccompRule::ArgCondition parse_condition(const nlohmann::json& arg, const std::string& where) {
  using Op = SeccompRule::ArgCondition::Op;
  std::string op = arg.at("op");
  SeccompRule::ArgCondition condition{arg.at("index"), Op::equal, arg.at("value")};
  if (op == "SCMP_CMP_NE") {
    condition.op = Op::not_equal;
  } else if (op == "SCMP_CMP_MASKED_EQ") {
    condition.op = Op::masked_equal;
    condition.mask = condition.value;
    condition.value = arg.value("valueTwo", 0ULL);
  } else if (op != "SCMP_CMP_EQ") {
    throw Error(where + ": unsupported seccomp comparison '" + op + "'");
  }
  return condition;
}

}  // namespace

SeccompPolicy load_seccomp_profile(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw_errno("cannot read seccomp profile", path);
  try {
    auto profile = nlohmann::json::parse(file);
    SeccompPolicy policy;
    if (parse_action(profile.at("defaultAction"), path + ": defaultAction"))
      throw Error(path + ": a default action of SCMP_ACT_ALLOW is not supported");
    policy.default_errno = profile.value("defaultErrnoRet", EPERM);
    const auto& syscalls = profile.value("syscalls", nlohmann::json::array());
    for (size_t index = 0; index < syscalls.size(); ++index) {
      const auto& entry = syscalls[index];
      std::string where = path + ": syscalls[" + std::to_string(index) + "]";
      auto conditional = [&](const char* key) {
        return entry.contains(key) && entry[key].is_object() && !entry[key].empty();
      };
      // Entries conditional on capabilities or architectures are left to berth's table.
      if (conditional("includes") || conditional("excludes")) continue;
      SeccompRule rule;
      rule.syscalls = entry.at("names").get<std::vector<std::string>>();
      rule.allow = parse_action(entry.at("action"), where);
      rule.errno_value = entry.value("errnoRet", EPERM);
      if (entry.contains("args") && entry["args"].is_array())
        for (const auto& arg : entry["args"])
          rule.conditions.push_back(parse_condition(arg, where));
      policy.rules.push_back(std::move(rule));
    }
    return policy;
  } catch (const nlohmann::json::exception& error) {
    throw Error(path + ": invalid seccomp profile: " + error.what());
  }
}

}  // namespace berth::runtime
