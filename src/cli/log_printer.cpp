#include "cli/log_printer.h"

#include <algorithm>

namespace berth::cli {

namespace {
constexpr const char* kColours[] = {"36", "33", "32", "35", "34", "96", "93", "92", "95", "94"};
constexpr size_t kColourCount = sizeof(kColours) / sizeof(kColours[0]);
}  // namespace

LogPrinter::LogPrinter(std::FILE* out, LogFormat format, const std::vector<std::string>& containers)
    : out_(out), format_(format) {
  for (const auto& name : containers) {
    width_ = std::max(width_, name.size());
    colour_of_.emplace(name, colour_of_.size() % kColourCount);
  }
}

std::string LogPrinter::prefix(const std::string& container) const {
  if (!format_.prefix) return "";
  std::string text = container;
  text.resize(std::max(width_, container.size()), ' ');
  text += "  | ";
  if (!format_.colour) return text;
  auto colour = colour_of_.count(container) ? colour_of_.at(container) : 0;
  return std::string("\033[") + kColours[colour] + "m" + text + "\033[0m";
}

void LogPrinter::print(const engine::ContainerLogLine& line) {
  std::string text = prefix(line.container);
  if (format_.timestamps) text += line.entry.time + " ";
  text += line.entry.log;
  if (text.empty() || text.back() != '\n') text += '\n';
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

void LogPrinter::note(const std::string& container, const std::string& text) {
  std::string line = prefix(container) + text + "\n";
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace berth::cli
