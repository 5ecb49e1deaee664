#include "engine/oneoff_service.h"

#include "spec/mounts.h"
#include "spec/ports.h"
#include "spec/units.h"
#include "util/error.h"

namespace berth::engine {

namespace {
void apply_environment(const spec::Project& project, const std::vector<std::string>& entries,
                       spec::OptionalStringMap& environment) {
  for (const auto& entry : entries) {
    auto equals = entry.find('=');
    if (equals == 0) throw Error("-e expects KEY=VALUE or KEY", entry);
    if (equals != std::string::npos) {
      environment[entry.substr(0, equals)] = entry.substr(equals + 1);
      continue;
    }
    if (auto shell = project.environment.find(entry); shell != project.environment.end())
      environment[entry] = shell->second;
  }
}

void apply_mounts(const spec::Project& project, const std::vector<std::string>& volumes,
                  spec::Service& service) {
  spec::ParseContext context;
  context.working_dir = project.working_dir;
  for (const auto& text : volumes) {
    auto mount = spec::parse_mount(spec::Node::scalar(text), "-v", context);
    if (mount.type == "volume" && !mount.source.empty() && !project.volumes.count(mount.source))
      throw Error("-v names a volume the stack does not declare", mount.source);
    service.volumes.push_back(std::move(mount));
  }
}

void apply_ports(const OneoffOverrides& overrides, spec::Service& service) {
  if (!overrides.service_ports) service.ports.clear();
  spec::ParseContext context;
  for (const auto& text : overrides.publish)
    for (auto& port : spec::parse_port(spec::Node::scalar(text), "-p", context))
      service.ports.push_back(std::move(port));
}
}  // namespace

spec::Service oneoff_service(const spec::Project& project, const spec::Service& service,
                             const OneoffOverrides& overrides) {
  spec::Service oneoff = service;
  oneoff.container_name = overrides.name;
  if (overrides.entrypoint) {
    auto words = spec::split_shell_words(*overrides.entrypoint);
    if (!words) throw Error("--entrypoint has an unterminated quote", *overrides.entrypoint);
    oneoff.entrypoint = *words;
    if (overrides.command.empty()) oneoff.command = std::vector<std::string>{};
  }
  if (!overrides.command.empty()) oneoff.command = overrides.command;
  apply_environment(project, overrides.environment, oneoff.environment);
  if (overrides.user) oneoff.user = *overrides.user;
  if (overrides.working_dir) oneoff.working_dir = *overrides.working_dir;
  for (const auto& [key, value] : overrides.labels) oneoff.labels[key] = value;
  apply_mounts(project, overrides.volumes, oneoff);
  apply_ports(overrides, oneoff);
  oneoff.restart.clear();
  oneoff.replicas = 1;
  oneoff.cap_add.insert(oneoff.cap_add.end(), overrides.cap_add.begin(), overrides.cap_add.end());
  oneoff.cap_drop.insert(oneoff.cap_drop.end(), overrides.cap_drop.begin(),
                         overrides.cap_drop.end());
  oneoff.tty = overrides.tty;
  oneoff.stdin_open = overrides.stdin_open;
  return oneoff;
}

}  // namespace berth::engine
