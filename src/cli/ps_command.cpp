#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/column_table.h"
#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "cli/ps_presentation.h"
#include "cli/size_units.h"
#include "engine/container_lifecycle.h"
#include "engine/container_mounts.h"
#include "engine/engine_context.h"
#include "network/network_store.h"
#include "runtime/spec_json.h"
#include "util/error.h"

namespace berth::cli {

namespace {
// compose's container states, which --status and --filter status= take.
const std::set<std::string> kStates = {"paused", "restarting", "removing", "running",
                                       "dead",   "created",    "exited"};

// The states asked for by --status and --filter status=STATE; empty: any.
std::set<std::string> wanted_states(const std::vector<std::string>& statuses,
                                    const std::vector<std::string>& filters) {
  std::set<std::string> wanted(statuses.begin(), statuses.end());
  for (const auto& filter : filters) {
    auto equals = filter.find('=');
    if (equals == std::string::npos || filter.substr(0, equals) != "status")
      throw Error("--filter supports status=STATE only", filter);
    wanted.insert(filter.substr(equals + 1));
  }
  for (const auto& state : wanted)
    if (!kStates.count(state))
      throw Error(
          "unknown container state (paused, restarting, removing, running, dead, "
          "created or exited)",
          state);
  return wanted;
}

// docker compose's CreatedAt: "2026-12-03 08:13:01 +0000 UTC".
std::string created_at_text(long long epoch) {
  std::time_t seconds = epoch;
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S +0000 UTC", &utc);
  return text;
}

std::vector<std::string> command_of(const engine::EngineContext& context,
                                    const std::string& container) {
  auto spec = context.runtime_dir(container) / "spec.json";
  if (!std::filesystem::exists(spec)) return {};
  return runtime::read_spec_file(spec.string()).process.args;
}

// compose's Labels: one string, "k=v,k2=v2".
std::string labels_text(const std::map<std::string, std::string>& labels) {
  std::string text;
  for (const auto& [key, value] : labels) text += (text.empty() ? "" : ",") + key + "=" + value;
  return text;
}

std::string joined(const std::set<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : ",") + word;
  return text;
}

}  // namespace

void add_ps_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("ps", "List the stack's containers");
  auto project_options = add_compose_flags(*command);
  auto format = std::make_shared<std::string>("table");
  auto all = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  auto services_only = std::make_shared<bool>(false);
  auto statuses = std::make_shared<std::vector<std::string>>();
  auto filters = std::make_shared<std::vector<std::string>>();
  command->add_option("--format", *format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  command->add_flag("-a,--all", *all, "also stopped containers and those of `run`");
  command->add_flag("-q,--quiet", *quiet, "container ids only");
  command->add_flag("--services", *services_only, "service names only");
  command->add_option("--status", *statuses, "only containers in this state (repeatable)")
      ->allow_extra_args(false);
  command->add_option("--filter", *filters, "status=STATE (repeatable)")->allow_extra_args(false);
  command->callback(
      [&global, project_options, format, all, quiet, services_only, statuses, filters] {
        auto wanted = wanted_states(*statuses, *filters);
        auto project = load_project_with_warnings(*project_options);
        engine::EngineContext context(global.locations());
        network::NetworkStore port_store(context.state.db());
        long long now = static_cast<long long>(std::time(nullptr));
        std::vector<std::vector<std::string>> table = {
            {"NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"}};
        for (const auto& record : context.containers.of_project(project.name)) {
          auto state = engine::container_status(context, record.name);
          // Like compose: one-off (`run`) containers show with -a only, and a state
          // asked for shows whether running or not.
          if (!*all && record.oneoff) continue;
          if (!wanted.empty() ? !wanted.count(state.status) : !*all && !engine::is_running(state))
            continue;
          if (*quiet) {
            std::printf("%s\n", record.id.c_str());
            continue;
          }
          if (*services_only) {
            std::printf("%s\n", record.service.c_str());
            continue;
          }
          auto declared = project.services.find(record.service);
          bool in_stack = declared != project.services.end();
          std::string image = in_stack ? declared->second.image : record.image_id;
          auto ports = port_store.ports_of_container(record.name);
          std::string command = command_cell(command_of(context, record.name));
          std::string running_for =
              human_duration(std::chrono::seconds(std::max(0LL, now - record.created_at))) + " ago";
          if (*format == "json") {
            engine::MountNames mounts;
            if (in_stack) mounts = engine::mount_names(project, declared->second, record.name);
            auto written = static_cast<std::uint64_t>(context.rootfs.written_bytes(record.name));
            nlohmann::json line = {{"ID", record.id.substr(0, 12)},
                                   {"Name", record.name},
                                   {"Names", record.name},
                                   {"Service", record.service},
                                   {"Project", record.project},
                                   {"Image", image},
                                   {"Command", command},
                                   {"CreatedAt", created_at_text(record.created_at)},
                                   {"RunningFor", running_for},
                                   {"State", state.status},
                                   {"Status", status_line(state, now)},
                                   {"Health", state.health},
                                   {"ExitCode", state.exit_code},
                                   {"Ports", ports_text(ports)},
                                   {"Publishers", publishers_json(ports)},
                                   {"Networks", joined(record.networks)},
                                   {"Mounts", mounts_text(mounts.names)},
                                   {"LocalVolumes", std::to_string(mounts.volumes)},
                                   {"Size", decimal_size(written, 3)},
                                   {"Labels", labels_text(record.labels)}};
            std::printf("%s\n", line.dump().c_str());
          } else {
            table.push_back({record.name, image, command, record.service, running_for,
                             status_line(state, now), ports_text(ports)});
          }
        }
        if (*format == "table" && !*quiet && !*services_only)
          std::fputs(format_columns(table).c_str(), stdout);
      });
}

}  // namespace berth::cli
