#include "cli/attached_up.h"

#include <signal.h>

#include <cstdio>
#include <future>
#include <map>

#include "cli/log_printer.h"
#include "engine/container_lifecycle.h"
#include "engine/log_follower.h"
#include "engine/service_control.h"

namespace berth::cli {

namespace {
constexpr std::chrono::milliseconds kPollInterval{100};

class Attachment {
 public:
  Attachment(engine::EngineContext& context, const std::vector<engine::ContainerRecord>& records,
             const AttachOptions& options)
      : context_(context),
        follower_({std::nullopt, options.since, ""}),
        printer_(stdout, {options.colour, true, false}, names_of(records)) {
    for (const auto& record : records) {
      follower_.add(record.name, engine::container_log_path(context, record.name));
      running_.emplace(record.name, record.service);
      engine::watch_container(changes_, context, record.name);
    }
  }

  FileWatch& changes() { return changes_; }

  // Prints new output, then one line per container that exited since the last
  // call; returns those containers' services and exit codes.
  std::vector<std::pair<std::string, int>> pump() {
    std::vector<std::pair<std::string, runtime::ContainerState>> exited;
    for (const auto& [name, service] : running_) {
      auto state = engine::container_status(context_, name);
      if (!engine::is_running(state)) exited.emplace_back(name, state);
    }
    for (const auto& line : follower_.read()) printer_.print(line);
    std::vector<std::pair<std::string, int>> ended;
    for (const auto& [name, state] : exited) {
      printer_.note(name, "exited with code " + std::to_string(state.exit_code));
      ended.emplace_back(running_.at(name), state.exit_code);
      running_.erase(name);
    }
    return ended;
  }

  bool all_exited() const { return running_.empty(); }

 private:
  static std::vector<std::string> names_of(const std::vector<engine::ContainerRecord>& records) {
    std::vector<std::string> names;
    for (const auto& record : records) names.push_back(record.name);
    return names;
  }

  engine::EngineContext& context_;
  engine::LogFollower follower_;
  LogPrinter printer_;
  FileWatch changes_;
  std::map<std::string, std::string> running_;  // container -> service
};

int exit_code_of(engine::EngineContext& context, const spec::Project& project,
                 const std::string& service) {
  int code = 0;
  for (const auto& record : engine::select_containers(context, project, {service}))
    code = engine::container_status(context, record.name).exit_code;
  return code;
}

// Stops every service container of the project while the output keeps flowing;
// a second signal kills what is still running.
void stop_stack(engine::EngineContext& context, const spec::Project& project,
                const AttachOptions& options, SignalWatch& signals, Attachment& attachment,
                const engine::ProgressSink& progress) {
  auto records = engine::select_containers(context, project, {});
  std::fprintf(stderr, "Gracefully stopping... (press Ctrl+C again to force)\n");
  auto stopping = std::async(std::launch::async, [&] {
    engine::stop_containers(context, records, options.grace_ms, progress);
  });
  bool killed = false;
  while (stopping.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
    attachment.pump();
    if (signals.wait(kPollInterval, &attachment.changes()) != 0 && !killed) {
      killed = true;
      engine::kill_containers(context, records, SIGKILL, progress);
    }
  }
  stopping.get();
  attachment.pump();
}
}  // namespace

int run_attached(engine::EngineContext& context, const spec::Project& project,
                 const AttachOptions& options, SignalWatch& signals,
                 const engine::ProgressSink& progress) {
  std::vector<engine::ContainerRecord> attached;
  std::string names;
  for (auto& record : engine::select_containers(context, project, {})) {
    if (!options.services.count(record.service)) continue;
    names += (names.empty() ? "" : ", ") + record.name;
    attached.push_back(std::move(record));
  }
  std::fprintf(stderr, "Attaching to %s\n", names.c_str());
  Attachment attachment(context, attached, options);
  bool abort_on_exit = options.abort_on_exit || !options.exit_code_from.empty();
  while (true) {
    for (const auto& [service, code] : attachment.pump()) {
      if (abort_on_exit || (options.abort_on_failure && code != 0)) {
        stop_stack(context, project, options, signals, attachment, progress);
        return options.exit_code_from.empty()
                   ? code
                   : exit_code_of(context, project, options.exit_code_from);
      }
    }
    if (attachment.all_exited())
      return options.exit_code_from.empty()
                 ? 0
                 : exit_code_of(context, project, options.exit_code_from);
    if (int signal = signals.wait(kPollInterval, &attachment.changes()); signal != 0) {
      stop_stack(context, project, options, signals, attachment, progress);
      return 128 + signal;
    }
  }
}

}  // namespace berth::cli
