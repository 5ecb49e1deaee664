#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "engine/progress.h"

namespace berth::cli {

enum class ProgressMode { tty, plain, quiet, json };

// Parses --progress (auto picks tty on a terminal, else plain); throws on others.
ProgressMode parse_progress_mode(const std::string& text, bool output_is_terminal);

// Renders engine progress like docker compose: on a terminal one live line per
// object with its state and elapsed time, redrawn in place; otherwise one plain
// line per change, or one JSON object per change.
class ProgressView {
 public:
  ProgressView(std::FILE* out, ProgressMode mode);

  void update(const engine::ProgressEvent& event);
  engine::ProgressSink sink();

 private:
  struct Line {
    engine::ProgressEvent event;
    std::chrono::steady_clock::time_point started;
    std::chrono::steady_clock::time_point last_change;
  };

  Line& line_for(const engine::ProgressEvent& event);
  std::string render(const Line& line) const;
  void redraw();

  std::FILE* out_;
  ProgressMode mode_;
  std::mutex mutex_;
  std::vector<Line> lines_;
  size_t drawn_ = 0;  // lines currently on screen (tty mode)
};

}  // namespace berth::cli
