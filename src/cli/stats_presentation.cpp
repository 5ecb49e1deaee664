#include "cli/stats_presentation.h"

#include <cstdio>

#include "cli/size_units.h"

namespace berth::cli {

namespace {
std::string percent(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", value);
  return text;
}

constexpr const char* kRowFormat = "%-14s %-32s %-8s %-22s %-8s %-18s %-18s %s\n";
}  // namespace

StatsFigures stats_figures(const engine::ContainerSample& sample, double cpu_percent) {
  StatsFigures figures;
  figures.id = sample.id.substr(0, 12);
  figures.name = sample.name;
  figures.cpu = percent(cpu_percent);
  figures.memory_usage = binary_size(sample.memory_used) + " / " + binary_size(sample.memory_limit);
  figures.memory_percent =
      percent(sample.memory_limit ? 100.0 * static_cast<double>(sample.memory_used) /
                                        static_cast<double>(sample.memory_limit)
                                  : 0);
  figures.net_io = decimal_size(sample.net_received, 3) + " / " + decimal_size(sample.net_sent, 3);
  figures.block_io =
      decimal_size(sample.block_read, 3) + " / " + decimal_size(sample.block_written, 3);
  figures.pids = std::to_string(sample.pids);
  return figures;
}

std::string stats_table_header() {
  char line[256];
  std::snprintf(line, sizeof line, kRowFormat, "CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT",
                "MEM %", "NET I/O", "BLOCK I/O", "PIDS");
  return line;
}

std::string stats_table_row(const StatsFigures& f) {
  char line[512];
  std::snprintf(line, sizeof line, kRowFormat, f.id.c_str(), f.name.c_str(), f.cpu.c_str(),
                f.memory_usage.c_str(), f.memory_percent.c_str(), f.net_io.c_str(),
                f.block_io.c_str(), f.pids.c_str());
  return line;
}

nlohmann::json stats_json(const StatsFigures& f) {
  // docker's Container is the id as the table shows it.
  return {{"ID", f.id},        {"Container", f.id},          {"Name", f.name},
          {"CPUPerc", f.cpu},  {"MemUsage", f.memory_usage}, {"MemPerc", f.memory_percent},
          {"NetIO", f.net_io}, {"BlockIO", f.block_io},      {"PIDs", f.pids}};
}

}  // namespace berth::cli
