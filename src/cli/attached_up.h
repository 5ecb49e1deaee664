#pragma once

#include <optional>
#include <set>
#include <string>

#include "cli/signal_watch.h"
#include "engine/engine_context.h"
#include "engine/progress.h"
#include "spec/model.h"

namespace berth::cli {

struct AttachOptions {
  std::set<std::string> services;  // whose containers' output is streamed
  bool abort_on_exit = false;      // stop the stack when any attached container exits
  bool abort_on_failure = false;   // ... when one exits non-zero
  std::string exit_code_from;      // the service whose exit code `up` returns
  std::optional<int> grace_ms;     // for stopping the stack
  std::string since;               // output from before this time was already there
  bool colour = false;
};

// The attached half of `berth up`: streams the containers' output until they have
// all exited, an abort condition holds, or SIGINT/SIGTERM arrives; then stops the
// stack gracefully (a second signal kills it). Returns up's exit code.
int run_attached(engine::EngineContext& context, const spec::Project& project,
                 const AttachOptions& options, SignalWatch& signals,
                 const engine::ProgressSink& progress);

}  // namespace berth::cli
