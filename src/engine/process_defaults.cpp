#include "engine/process_defaults.h"

#include <algorithm>

namespace berth::engine {

std::vector<std::string> container_argv(
    const std::vector<std::string>& image_entrypoint, const std::vector<std::string>& image_cmd,
    const std::optional<std::vector<std::string>>& service_entrypoint,
    const std::optional<std::vector<std::string>>& service_command) {
  std::vector<std::string> argv = service_entrypoint ? *service_entrypoint : image_entrypoint;
  if (service_command)
    argv.insert(argv.end(), service_command->begin(), service_command->end());
  else if (!service_entrypoint)
    argv.insert(argv.end(), image_cmd.begin(), image_cmd.end());
  return argv;
}

namespace {
class OrderedEnvironment {
 public:
  void set(const std::string& name, const std::string& value) {
    if (std::find(order_.begin(), order_.end(), name) == order_.end()) order_.push_back(name);
    values_[name] = value;
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> result;
    for (const auto& name : order_) result.push_back(name + "=" + values_.at(name));
    return result;
  }

 private:
  std::vector<std::string> order_;
  std::map<std::string, std::string> values_;
};
}  // namespace

std::vector<std::string> container_env(
    const std::vector<std::string>& image_env,
    const std::vector<std::map<std::string, std::string>>& env_files,
    const std::map<std::string, std::optional<std::string>>& environment) {
  OrderedEnvironment env;
  for (const auto& entry : image_env) {
    auto equals = entry.find('=');
    if (equals == std::string::npos)
      env.set(entry, "");
    else
      env.set(entry.substr(0, equals), entry.substr(equals + 1));
  }
  for (const auto& file : env_files)
    for (const auto& [name, value] : file) env.set(name, value);
  for (const auto& [name, value] : environment)
    if (value) env.set(name, *value);
  return env.entries();
}

}  // namespace berth::engine
