#include "cli/progress_view.h"

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace berth::cli {

namespace {
const char* mark(engine::ProgressState state) {
  switch (state) {
    case engine::ProgressState::working:
      return "⠿";
    case engine::ProgressState::done:
      return "✔";
    case engine::ProgressState::failed:
      return "✘";
    case engine::ProgressState::warning:
      return "!";
  }
  return " ";
}

const char* colour(engine::ProgressState state) {
  switch (state) {
    case engine::ProgressState::done:
      return "\033[32m";
    case engine::ProgressState::failed:
      return "\033[31m";
    case engine::ProgressState::warning:
      return "\033[33m";
    default:
      return "\033[34m";
  }
}

const char* state_name(engine::ProgressState state) {
  switch (state) {
    case engine::ProgressState::working:
      return "working";
    case engine::ProgressState::done:
      return "done";
    case engine::ProgressState::failed:
      return "error";
    case engine::ProgressState::warning:
      return "warning";
  }
  return "unknown";
}
}  // namespace

ProgressMode parse_progress_mode(const std::string& text, bool output_is_terminal) {
  if (text == "auto") return output_is_terminal ? ProgressMode::tty : ProgressMode::plain;
  if (text == "tty") return ProgressMode::tty;
  if (text == "plain") return ProgressMode::plain;
  if (text == "quiet") return ProgressMode::quiet;
  if (text == "json") return ProgressMode::json;
  throw Error("unknown --progress '" + text + "' (expected auto, tty, plain, quiet or json)");
}

ProgressView::ProgressView(std::FILE* out, ProgressMode mode) : out_(out), mode_(mode) {}

engine::ProgressSink ProgressView::sink() {
  return [this](const engine::ProgressEvent& event) { update(event); };
}

ProgressView::Line& ProgressView::line_for(const engine::ProgressEvent& event) {
  auto now = std::chrono::steady_clock::now();
  for (auto& line : lines_) {
    if (line.event.kind == event.kind && line.event.name == event.name) {
      line.event = event;
      line.last_change = now;
      return line;
    }
  }
  lines_.push_back({event, now, now});
  return lines_.back();
}

std::string ProgressView::render(const Line& line) const {
  using namespace std::chrono;
  double seconds = duration<double>(line.last_change - line.started).count();
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1fs", seconds);
  std::string text = line.event.kind + " " + line.event.name;
  std::string status = line.event.status;
  if (!line.event.detail.empty()) status += ": " + line.event.detail;
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, " %s%s\033[0m %-40s %s", colour(line.event.state),
                mark(line.event.state), text.c_str(), status.c_str());
  return std::string(buffer) + "  " + elapsed;
}

void ProgressView::redraw() {
  if (drawn_ > 0) std::fprintf(out_, "\033[%zuA", drawn_);
  for (const auto& line : lines_) std::fprintf(out_, "\033[2K%s\n", render(line).c_str());
  drawn_ = lines_.size();
}

void ProgressView::update(const engine::ProgressEvent& event) {
  std::lock_guard lock(mutex_);
  if (event.transient && mode_ != ProgressMode::tty) return;
  switch (mode_) {
    case ProgressMode::quiet:
      return;
    case ProgressMode::tty:
      line_for(event);
      redraw();
      break;
    case ProgressMode::plain: {
      std::string text = event.kind + " " + event.name + "  " + event.status;
      if (!event.detail.empty()) text += ": " + event.detail;
      std::fprintf(out_, "%s\n", text.c_str());
      break;
    }
    case ProgressMode::json: {
      nlohmann::json line = {{"kind", event.kind},
                             {"id", event.name},
                             {"status", event.status},
                             {"state", state_name(event.state)}};
      if (!event.detail.empty()) line["detail"] = event.detail;
      std::fprintf(out_, "%s\n", line.dump().c_str());
      break;
    }
  }
  std::fflush(out_);
}

}  // namespace berth::cli
