#include <cstdio>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "spec/graph.h"

namespace berth::cli {

void add_graph_command(CLI::App& app, const GlobalOptions&) {
  auto* command = app.add_subcommand("graph", "Print the service dependency graph");
  auto options = add_compose_flags(*command);
  auto format = std::make_shared<std::string>("dot");
  command->add_option("--format", *format, "dot or mermaid")
      ->check(CLI::IsMember({"dot", "mermaid"}));
  command->callback([options, format] {
    spec::Project project = load_project_with_warnings(*options);
    spec::DependencyGraph graph(project);
    std::string text = *format == "dot" ? graph.to_dot(project.name) : graph.to_mermaid();
    std::fputs(text.c_str(), stdout);
  });
}

}  // namespace berth::cli
