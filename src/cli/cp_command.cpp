#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "engine/container_copy.h"
#include "engine/copy_plan.h"
#include "engine/service_control.h"
#include "util/error.h"

namespace berth::cli {

namespace {
struct CpFlags {
  engine::CopyOptions options;
  int index = 1;
  std::string source, destination;
};
}  // namespace

void add_cp_command(CLI::App& app, const GlobalOptions& global) {
  auto* command =
      app.add_subcommand("cp", "Copy files or folders between a service container and the host");
  auto project_options = add_compose_flags(*command);
  auto flags = std::make_shared<CpFlags>();
  command->add_flag("-a,--archive", flags->options.archive, "keep owners (uid:gid)");
  command->add_flag("-L,--follow-link", flags->options.follow_link,
                    "copy what a symlink in SRC_PATH points to");
  command->add_option("--index", flags->index, "the replica of the service (default 1)");
  command->add_option("source", flags->source, "SERVICE:SRC_PATH, or a host path or -")->required();
  command->add_option("destination", flags->destination, "SERVICE:DEST_PATH, or a host path or -")
      ->required();
  command->footer(
      "Usage: berth cp [OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n"
      "       berth cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH");
  command->callback([&global, project_options, flags] {
    auto source = engine::parse_copy_endpoint(flags->source);
    auto destination = engine::parse_copy_endpoint(flags->destination);
    if (source.in_container() == destination.in_container())
      throw Error(source.in_container() ? "copying between containers is not supported"
                                        : "cp needs one SERVICE:PATH argument");
    auto project = load_project_with_warnings(*project_options);
    engine::EngineContext context(global.locations());
    const auto& service = source.in_container() ? source.service : destination.service;
    auto container = engine::select_replica(context, project, service, flags->index);
    if (source.in_container())
      engine::copy_from_container(context, container, source.path, destination.path,
                                  flags->options);
    else
      engine::copy_to_container(context, container, source.path, destination.path, flags->options);
  });
}

}  // namespace berth::cli
