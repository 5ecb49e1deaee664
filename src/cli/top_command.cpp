#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include "cli/commands.h"
#include "cli/compose_flags.h"
#include "engine/container_lifecycle.h"
#include "engine/service_control.h"

namespace berth::cli {

namespace fs = std::filesystem;

namespace {
struct ProcessRow {
  std::string uid, pid, ppid, command;
};

std::string pid_namespace_of(const std::string& pid) {
  std::error_code error;
  auto link = fs::read_symlink("/proc/" + pid + "/ns/pid", error);
  return error ? "" : link.string();
}

std::optional<ProcessRow> read_process(const std::string& pid) {
  std::ifstream stat_file("/proc/" + pid + "/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 2));
  std::string state, ppid;
  fields >> state >> ppid;

  std::ifstream cmdline_file("/proc/" + pid + "/cmdline");
  std::string cmdline((std::istreambuf_iterator<char>(cmdline_file)),
                      std::istreambuf_iterator<char>());
  while (!cmdline.empty() && cmdline.back() == '\0') cmdline.pop_back();
  for (auto& c : cmdline)
    if (c == '\0') c = ' ';
  if (cmdline.empty())
    cmdline = "[" + stat.substr(stat.find('(') + 1, close - stat.find('(') - 1) + "]";

  struct stat info {};
  if (::stat(("/proc/" + pid).c_str(), &info) != 0) return std::nullopt;
  return ProcessRow{std::to_string(info.st_uid), pid, ppid, cmdline};
}

// The host's view of every process in the container's pid namespace.
std::vector<ProcessRow> processes_of(pid_t container_pid) {
  auto wanted = pid_namespace_of(std::to_string(container_pid));
  std::vector<ProcessRow> rows;
  if (wanted.empty()) return rows;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    auto pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    if (pid_namespace_of(pid) != wanted) continue;
    if (auto row = read_process(pid)) rows.push_back(*row);
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return std::stol(a.pid) < std::stol(b.pid); });
  return rows;
}
}  // namespace

void add_top_command(CLI::App& app, const GlobalOptions& global) {
  auto* command = app.add_subcommand("top", "Show the processes of the stack's containers");
  auto project_options = add_compose_flags(*command);
  auto services = std::make_shared<std::vector<std::string>>();
  command->add_option("services", *services, "services (default: all)");
  command->callback([&global, project_options, services] {
    auto project = load_project_with_warnings(*project_options);
    engine::EngineContext context(global.locations());
    bool first = true;
    for (const auto& record : engine::select_containers(context, project, *services)) {
      auto state = engine::container_status(context, record.name);
      if (!engine::is_running(state) || state.pid <= 0) continue;
      std::printf("%s%s\n%-8s %-8s %-8s %s\n", first ? "" : "\n", record.name.c_str(), "UID", "PID",
                  "PPID", "CMD");
      first = false;
      for (const auto& row : processes_of(state.pid))
        std::printf("%-8s %-8s %-8s %s\n", row.uid.c_str(), row.pid.c_str(), row.ppid.c_str(),
                    row.command.c_str());
    }
  });
}

}  // namespace berth::cli
