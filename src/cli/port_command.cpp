#include <cstdio>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "engine/service_control.h"
#include "network/network_store.h"
#include "util/error.h"

namespace berth::cli {

void add_port_command(CLI::App& app, const GlobalOptions& global) {
  auto* command =
      app.add_subcommand("port", "Print the host address a service port is published on");
  auto project_options = add_compose_flags(*command);
  auto service = std::make_shared<std::string>();
  auto private_port = std::make_shared<int>(0);
  auto protocol = std::make_shared<std::string>("tcp");
  auto index = std::make_shared<int>(1);
  command->add_option("service", *service, "the service")->required();
  command->add_option("private_port", *private_port, "the port inside the container")->required();
  command->add_option("--protocol", *protocol, "tcp or udp")->check(CLI::IsMember({"tcp", "udp"}));
  command->add_option("--index", *index, "the replica of the service");
  command->callback([&global, project_options, service, private_port, protocol, index] {
    auto project = load_project_with_warnings(*project_options);
    engine::EngineContext context(global.locations());
    network::NetworkStore ports(context.state.db());
    for (const auto& record : engine::select_containers(context, project, {*service})) {
      if (record.number != *index) continue;
      for (const auto& port : ports.ports_of_container(record.name)) {
        if (port.target_port != *private_port || network::to_string(port.protocol) != *protocol)
          continue;
        std::printf("%s:%u\n", port.host_ip_text().c_str(), port.host_port);
        return;
      }
      throw Error("no published port for " + std::to_string(*private_port) + "/" + *protocol,
                  record.name);
    }
    throw Error("no container for replica " + std::to_string(*index) + " of service", *service);
  });
}

}  // namespace berth::cli
